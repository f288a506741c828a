package org.leadroutes.crm;

import java.util.List;
import java.util.Map;

/**
 * Who the credentials are, as {@code GET /me/} answers: the user and the organisation whose data a call
 * reaches. What the import keeps per CRM (its ledgers) is kept per organisation, so a second organisation at
 * the same URL, or a restarted sandbox (a new organisation each time), never inherits it.
 *
 * @param organizationId the organisation, or null when the answer names none (or several)
 */
public record CrmIdentity(String userId, String organizationId) {

    public static CrmIdentity of(Map<?, ?> me) {
        Object org = me == null ? null : me.get("organization_id");
        if (org == null && me != null && me.get("organizations") instanceof List<?> orgs && orgs.size() == 1
                && orgs.get(0) instanceof Map<?, ?> only) {
            org = only.get("id");
        }
        Object user = me == null ? null : me.get("id");
        return new CrmIdentity(user == null ? null : user.toString(), org == null ? null : org.toString());
    }
}
