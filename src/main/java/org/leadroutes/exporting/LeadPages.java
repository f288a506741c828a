package org.leadroutes.exporting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one CRM style pages through its leads; the export route's loop is the same for every style:
 * while {@link #hasMore()}, call {@code method() path()?query()} (with {@code body()}) and hand the
 * answer to {@link #read}.
 * The bookkeeping every style shares (pages read, whether more follow, warnings) lives here; a style
 * says only how to ask for a page and how to step past it. One instance walks one run.
 */
public abstract class LeadPages {

    protected final List<String> warnings = new ArrayList<>();
    private boolean more = true;
    private int pages;

    /** The path under {@code leads.crm.url}, e.g. {@code /lead/}. */
    public abstract String path();

    /** The query of the next page to fetch. */
    public abstract String query();

    /** The method of the next call: a read, whatever it is ({@code POST /data/search/} is one too). */
    public String method() {
        return "GET";
    }

    /** The body of the next call, or null. */
    public Object body() {
        return null;
    }

    /** Makes the exchange the call of the next page: this style's method, path, query and body. */
    public void askNext(org.apache.camel.Exchange exchange) {
        org.leadroutes.crm.CrmRequest.set(exchange, method(), path(), query());
        exchange.getMessage().setBody(body());
    }

    /** One call of a window: its query and body, the method and path being the style's. */
    public record Call(String query, Object body) {
    }

    /**
     * Up to {@code size} calls to make together when the next pages are already known (the first answer said
     * how many there are, or a search's range can be split); each answer is then handed to {@link #read}, in
     * this order. Empty when the next page can only be asked for by itself.
     */
    public List<Call> window(int size) {
        return List.of();
    }

    /**
     * Whether an empty page that announces more means the walk cannot advance (so it stops, with a warning):
     * true for pages of leads; not for a bulk export's job answers, which carry no leads.
     */
    protected boolean guardsEmptyPages() {
        return true;
    }

    /**
     * Where the leads of the page just read go in the file: parts in ascending order, each in the order its
     * pages were read. One part unless a style reads several ranges side by side.
     */
    public long part() {
        return 0;
    }

    /**
     * Whether an answer of the walk is a page of leads, counted in {@link #pages()}: true for every style but
     * the bulk export, whose job answers carry no leads (its one download is counted instead).
     */
    protected boolean answersArePages() {
        return true;
    }

    /** The pages read, as the read path has them, for the summary line: {@code 4 pages}, {@code 1 page}. */
    public String pagesRead() {
        return pages == 1 ? "1 page" : pages + " pages";
    }

    /** The leads of a page to write: all of them, unless a style has already handed some out. */
    protected List<Map<String, Object>> keep(List<Map<String, Object>> page) {
        return page;
    }

    /**
     * Steps past the page just read.
     *
     * @return whether the CRM announced more pages and the walk should go on
     */
    protected abstract boolean advance(Map<String, Object> answer, int leadsOnPage);

    /** Takes the answer to {@link #query()}: returns the page's leads and moves to the next page. */
    public final List<Map<String, Object>> read(Map<String, Object> answer) {
        List<Map<String, Object>> data = data(answer);
        if (answersArePages()) {
            pages++;
        }
        List<Map<String, Object>> kept = keep(data);
        more = advance(answer, data.size());
        if (more && data.isEmpty() && guardsEmptyPages()) { // nothing to advance by: asking again would loop forever
            warnings.add(method() + " " + path() + " announced more leads with an empty page; stopped there");
            more = false;
        }
        return kept;
    }

    /**
     * What the user should do when the CRM refused this walk's last call (a 400), or null when the refusal needs no
     * more words than the CRM's.
     */
    String refused(org.leadroutes.crm.CrmValidationException e) {
        return null;
    }

    /** Ends the walk: the leads came another way (a download). */
    protected final void stop() {
        more = false;
    }

    /** Counts a page that came another way. */
    protected final void counted() {
        pages++;
    }

    public final boolean hasMore() {
        return more;
    }

    /** Pages read so far. */
    public final int pages() {
        return pages;
    }

    /**
     * Whether the pages read hold every lead the CRM held throughout the run, so that a lead missing from them is
     * gone: true unless the pages shifted under the walk ({@link NumberedPages}).
     */
    public boolean complete() {
        return true;
    }

    /** What the run should know about how paging went (a total that changed, a stop short of the end). */
    public List<String> warnings() {
        return warnings;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> data(Map<String, Object> answer) {
        Object data = answer == null ? null : answer.get("data");
        return data instanceof List ? (List<Map<String, Object>>) data : List.of();
    }
}
