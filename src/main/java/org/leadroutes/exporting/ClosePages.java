package org.leadroutes.exporting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Close's {@code GET /lead/}: {@code _limit}/{@code _skip}/{@code _fields}, until {@code has_more} is
 * false. Close refuses a {@code _skip} past its {@code max_skip} with a 400; the export reports that.
 */
final class ClosePages implements LeadPages {

    private final int limit;
    private final String fields;
    private final List<String> warnings = new ArrayList<>();
    private long skip;
    private boolean more = true;
    private int pages;

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
        return fields.isEmpty() ? query : query + "&_fields=" + LeadPages.encode(fields);
    }

    @Override
    public List<Map<String, Object>> read(Map<String, Object> answer) {
        List<Map<String, Object>> data = LeadPages.data(answer);
        pages++;
        skip += data.size();
        more = Boolean.TRUE.equals(answer.get("has_more"));
        if (more && data.isEmpty()) { // nothing to advance by: asking again would loop forever
            warnings.add("GET /lead/ said has_more with an empty page at _skip=" + skip + "; stopped there");
            more = false;
        }
        return data;
    }

    @Override
    public boolean hasMore() {
        return more;
    }

    @Override
    public int pages() {
        return pages;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    long skip() {
        return skip;
    }
}
