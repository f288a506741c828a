package org.leadroutes.crm;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every call the client makes to a CRM, by its rate-limit group ({@link CrmRequest#group}), and what
 * {@link RetryRule} may do with it when its answer is lost: the one table of what may be repeated. A call site
 * names a method and a path; the operation, and so whether it may be sent again, comes from here, never from
 * the call site. A group not in the table is refused when the request is made, so a new call cannot slip past
 * the rule. {@code RetryRuleTest} enumerates the table.
 */
public enum CrmOperation {
    // reads: a lost answer is asked again
    WHO_AM_I("GET /me/", true, "a read: asked again"),
    LIST_STATUSES("GET /status/lead/", true, "a read: asked again"),
    LIST_CUSTOM_FIELDS("GET /custom_field/lead/", true, "a read: asked again"),
    LIST_LEADS("GET /lead/", true, "a read: asked again"),
    GET_LEAD("GET /lead/{id}/", true, "a read: asked again"),
    GET_CONTACT("GET /contact/{id}/", true, "a read: asked again"),
    SEARCH("POST /data/search/", true, "a search sent as a POST changes nothing: asked again"),
    START_BULK_EXPORT("POST /export/lead/", true,
            "starts a job that only reads: a second job changes nothing in the CRM, so it is asked again"),
    BULK_EXPORT_STATUS("GET /export/{id}/", true, "a read: asked again"),
    LIST_NUMBERED_PAGE("GET /leads", true, "the page-numbered CRM's read: asked again"),
    LIST_EVENTS("GET /event/", true, "a read of the event log (deletions, merges): asked again"),
    DOWNLOAD_BULK_EXPORT(OutsideCall.BULK_EXPORT_FILE, true,
            "the bulk export's file, from the signed link its job gave (no key goes with it, no rate limit of Close's"
                    + " applies): downloaded again, each lead spooled once"),
    // writes
    UPDATE_LEAD("PUT /lead/{id}/", true, "sets the fields it names: the same patch twice leaves the lead as once, so it is sent again"),
    CREATE_LEAD("POST /lead/", false,
            "Close has no idempotency key: uncertain, never sent again; the import looks the lead up before anything is re-sent"),
    CREATE_CONTACT("POST /contact/", false, "a second send adds a second contact: uncertain, never sent again"),
    DELETE_LEAD("DELETE /lead/{id}/", true,
            "a second DELETE of a lead already deleted answers 404, which the undo counts as gone: sent again"),
    DELETE_CONTACT("DELETE /contact/{id}/", true,
            "a second DELETE of a contact already deleted answers 404, which the undo counts as gone: sent again");

    private static final Map<String, CrmOperation> BY_GROUP = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(CrmOperation::group, Function.identity()));

    private final String group;
    private final boolean repeatable;
    private final String lostAnswer;

    CrmOperation(String group, boolean repeatable, String lostAnswer) {
        this.group = group;
        this.repeatable = repeatable;
        this.lostAnswer = lostAnswer;
    }

    /** Close's rate-limit group: the method and the path with record ids folded, e.g. {@code PUT /lead/{id}/}. */
    public String group() {
        return group;
    }

    /**
     * Whether applying it twice is harmless, so that it may be sent again after an outcome that may have reached
     * the CRM ({@link Outcome#mayHaveApplied()}).
     */
    public boolean repeatable() {
        return repeatable;
    }

    /** What an answer lost in flight means for this operation, in words. */
    public String lostAnswer() {
        return lostAnswer;
    }

    /** The operation of a rate-limit group; refused when the table has none. */
    public static CrmOperation of(String group) {
        CrmOperation operation = BY_GROUP.get(group);
        if (operation == null) {
            throw new IllegalArgumentException("no CRM operation " + group + " in CrmOperation's table: add it there,"
                    + " with whether it may be repeated");
        }
        return operation;
    }
}
