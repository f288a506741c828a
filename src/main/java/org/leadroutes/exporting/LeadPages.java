package org.leadroutes.exporting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How one CRM style pages through its leads; the export route's loop is the same for every style:
 * while {@link #hasMore()}, call {@code GET path()?query()} and hand the answer to {@link #read}.
 * One instance walks one run.
 */
public interface LeadPages {

    /** The path under {@code leads.crm.url}, e.g. {@code /lead/}. */
    String path();

    /** The query of the next page to fetch. */
    String query();

    /** Takes the answer to {@link #query()}: returns the page's leads and moves to the next page. */
    List<Map<String, Object>> read(Map<String, Object> answer);

    boolean hasMore();

    /** Pages read so far. */
    int pages();

    /** What the run should know about how paging went (a total that changed, a stop short of the end). */
    List<String> warnings();

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> data(Map<String, Object> answer) {
        Object data = answer == null ? null : answer.get("data");
        return data instanceof List ? (List<Map<String, Object>>) data : List.of();
    }
}
