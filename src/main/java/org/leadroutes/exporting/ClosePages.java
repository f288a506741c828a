package org.leadroutes.exporting;

import java.util.Map;

/**
 * Close's {@code GET /lead/}: {@code _limit}/{@code _skip}/{@code _fields}, until {@code has_more} is
 * false. Close refuses a {@code _skip} past its {@code max_skip} with a 400; the export reports that.
 */
final class ClosePages extends LeadPages {

    private final int limit;
    private final String fields;
    private long skip;
    private long total = -1; // total_results of the first answer, when the CRM says it

    ClosePages(int limit, String fields) {
        this.limit = limit;
        this.fields = fields;
    }

    @Override
    public String path() {
        return "/lead/";
    }

    @Override
    public String query() {
        String query = "_limit=" + limit + "&_skip=" + skip;
        return fields.isEmpty() ? query : query + "&_fields=" + encode(fields);
    }

    /** With {@code total_results}, the next pages' offsets are known: they can be fetched together. */
    @Override
    public java.util.List<Call> window(int size) {
        java.util.List<Call> queries = new java.util.ArrayList<>();
        for (long s = skip; s < total && queries.size() < size; s += limit) {
            String query = "_limit=" + limit + "&_skip=" + s;
            queries.add(new Call(fields.isEmpty() ? query : query + "&_fields=" + encode(fields), null));
        }
        return queries;
    }

    @Override
    protected boolean advance(Map<String, Object> answer, int leadsOnPage) {
        if (total < 0 && answer.get("total_results") instanceof Number n) {
            total = n.longValue();
        }
        skip += leadsOnPage;
        return Boolean.TRUE.equals(answer.get("has_more"));
    }

    /** A 400 past the first page is Close's {@code max_skip}: the only limit a page that worked before can meet. */
    @Override
    String refused(org.leadroutes.crm.CrmValidationException e) {
        if (skip == 0) {
            return null;
        }
        return "Close refused to page deeper (" + e.getMessage() + "). The organization has more leads than"
                + " GET /lead/ can page through with _skip. Nothing was published. Read Close another way:"
                + " leads.export.close-read=auto (the default: its bulk export, POST /export/lead/, for a full"
                + " export) or search (Advanced Filtering by date_updated); neither has such a limit.";
    }
}
