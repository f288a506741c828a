package org.leadroutes.exporting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page-numbered style, {@code GET /leads?page=&pageSize=[&status=]}, until
 * {@code pagination.hasNextPage} is false. Its order is newest first, so leads added during a run
 * push older ones onto later pages: the walk may go past the first answer's {@code totalPages}, but
 * never by more than {@link #margin(int)} pages, so a CRM that keeps growing (or never says "last
 * page") cannot keep an export running forever. A changed total is logged and reported.
 */
final class NumberedPages extends LeadPages {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.exporting");

    private final int pageSize;
    private final String status;
    private int page = 1;
    private long firstTotal = -1;
    private long lastTotal = -1;
    private int firstTotalPages = -1;
    private int lastPageAllowed = Integer.MAX_VALUE;

    NumberedPages(int pageSize, String status) {
        this.pageSize = pageSize;
        this.status = status == null ? "" : status;
    }

    @Override
    public String path() {
        return "/leads";
    }

    @Override
    public String query() {
        String query = "page=" + page + "&pageSize=" + pageSize;
        return status.isEmpty() ? query : query + "&status=" + encode(status);
    }

    @Override
    protected boolean advance(Map<String, Object> answer, int leadsOnPage) {
        Map<?, ?> pagination = answer.get("pagination") instanceof Map<?, ?> p ? p : Map.of();
        long total = number(pagination.get("total"), -1);
        int totalPages = (int) number(pagination.get("totalPages"), -1);
        if (firstTotal < 0 && total >= 0) {
            firstTotal = total;
            lastTotal = total;
            if (totalPages >= 0) {
                firstTotalPages = totalPages;
                lastPageAllowed = totalPages + margin(totalPages);
            }
        } else if (total >= 0 && total != lastTotal) {
            if (firstTotal == lastTotal) {
                LOG.warn("GET /leads: the total changed during the export ({} -> {} at page {}): pages shift while"
                        + " leads change; leads seen twice are written once, leads added now come with the next run",
                        lastTotal, total, page);
            }
            lastTotal = total;
        }
        boolean more = Boolean.TRUE.equals(pagination.get("hasNextPage"));
        if (more && leadsOnPage > 0 && page >= lastPageAllowed) {
            warnings.add("stopped at page " + page + ": the CRM still announced more pages, but the first answer"
                    + " announced " + firstTotalPages + " pages (" + firstTotal + " leads) and a run reads at most "
                    + margin(firstTotalPages) + " more; the total is now " + lastTotal
                    + ", the rest come with the next run");
            LOG.warn("GET /leads: {}", warnings.get(warnings.size() - 1));
            more = false;
        }
        page++;
        return more;
    }

    /** The total the CRM announced did not change during the walk, and the walk was not stopped short. */
    @Override
    public boolean complete() {
        return firstTotal == lastTotal && warnings.isEmpty();
    }

    /** Pages up to the first announced total are known: they can be fetched together. */
    @Override
    public List<Call> window(int size) {
        List<Call> queries = new ArrayList<>();
        for (int p = page; p <= firstTotalPages && queries.size() < size; p++) {
            String query = "page=" + p + "&pageSize=" + pageSize;
            queries.add(new Call(status.isEmpty() ? query : query + "&status=" + encode(status), null));
        }
        return queries;
    }

    /** How many pages past the first announced total a run may read: 10%, at least 2. */
    static int margin(int totalPages) {
        return Math.max(2, totalPages / 10);
    }

    @Override
    public List<String> warnings() {
        List<String> all = new ArrayList<>(warnings);
        if (firstTotal >= 0 && lastTotal != firstTotal) {
            all.add(0, "the CRM's total changed during the export: " + firstTotal + " -> " + lastTotal);
        }
        return all;
    }



    private static long number(Object value, long otherwise) {
        return value instanceof Number n ? n.longValue() : otherwise;
    }
}
