package org.leadroutes.crm;

/**
 * The CRM's address answers with a redirect (3xx): {@code leads.crm.url} moved, or points at a page rather than
 * the API base. Nothing was applied (the client follows no redirect); no call can succeed until the setting is
 * fixed, so work waits, and the readiness check is DOWN naming {@link #location()}.
 */
public class CrmRedirectedException extends CrmNotAppliedException {
    private final String location;

    /** @param location the answer's {@code Location} header, or null when it named none */
    public CrmRedirectedException(String message, int status, String location) {
        super(message, status, null);
        this.location = location;
    }

    /** Where the CRM's address redirects to, or null when the answer did not say. */
    public String location() {
        return location;
    }

    @Override
    public String advice() {
        return "check leads.crm.url: the CRM's API base answers without a redirect";
    }
}
