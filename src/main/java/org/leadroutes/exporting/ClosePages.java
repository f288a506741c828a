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

    @Override
    protected boolean advance(Map<String, Object> answer, int leadsOnPage) {
        skip += leadsOnPage;
        return Boolean.TRUE.equals(answer.get("has_more"));
    }

}
