package org.leadroutes.exporting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Close's bulk export: {@code POST /export/lead/} ({@code format: json}, {@code type: leads}, the fields to
 * export, for an incremental run an {@code s_query} for the leads changed since) starts a job, {@code GET /export/{id}/} is polled with a growing pause (x1.5, up to 30 s) until it is {@code done}
 * (an {@code error} fails the run), then its {@code download_url} is fetched: a gzip file of one JSON array,
 * streamed into the spool ({@link BulkRead}). The link is signed and expires about a minute
 * after it is handed out: an expired one is replaced by polling the job again. No {@code _skip}, no cursor.
 */
public final class BulkPages extends LeadPages {

    private enum Phase { CREATE, POLL, DOWNLOAD }

    private static final int MAX_LINKS = 3;

    private final List<String> fields;
    private final long firstPauseMillis;
    private Phase phase = Phase.CREATE;
    private String jobId;
    private String downloadUrl;
    private long pauseMillis;
    private int unusedLinks;
    private boolean linkUsed;
    private boolean fileBegun;
    private org.leadroutes.crm.OutsideCall download;

    private final java.time.Instant since;

    /** @param since for an incremental run, only the leads changed since then ({@code s_query}); null for all */
    BulkPages(List<String> fields, long firstPauseMillis, java.time.Instant since) {
        this.fields = List.copyOf(fields);
        this.firstPauseMillis = firstPauseMillis;
        this.since = since;
    }

    @Override
    public String path() {
        return phase == Phase.CREATE ? "/export/lead/" : "/export/" + jobId + "/";
    }

    @Override
    public String query() {
        return null;
    }

    @Override
    public String method() {
        return phase == Phase.CREATE ? "POST" : "GET";
    }

    @Override
    public Object body() {
        if (phase != Phase.CREATE) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("format", "json");
        body.put("type", "leads");
        body.put("fields", fields);
        if (since != null) {
            body.put("s_query", SearchWalk.leadsUpdated(since.toString(), null));
        }
        body.put("send_done_email", false);
        return body;
    }

    @Override
    protected boolean guardsEmptyPages() {
        return false;
    }

    /** The job's answers (created, polled) are no pages: the one download is what the report counts. */
    @Override
    protected boolean answersArePages() {
        return false;
    }

    @Override
    public String pagesRead() {
        return pages() == 1 ? "1 download" : pages() + " downloads";
    }

    /**
     * How long to wait before the next call: the job's poll backs off, by half again each time, up to 30 s; a
     * download sent again waits as the retry rule says.
     */
    public long pauseMillis() {
        return switch (phase) {
            case POLL -> pauseMillis;
            case DOWNLOAD -> download == null ? 0 : download.backoffMillis();
            case CREATE -> 0;
        };
    }

    @Override
    protected boolean advance(Map<String, Object> answer, int leadsOnPage) {
        String status = String.valueOf(answer.get("status"));
        if (phase == Phase.CREATE) {
            jobId = String.valueOf(answer.get("id"));
            phase = Phase.POLL;
            pauseMillis = firstPauseMillis;
            return true;
        }
        switch (status) {
            case "done" -> {
                Object url = answer.get("download_url");
                if (url == null) {
                    throw new IllegalStateException("Close's bulk export " + jobId + " is done but has no download_url");
                }
                downloadUrl = url.toString();
                phase = Phase.DOWNLOAD;
            }
            case "error" -> throw new IllegalStateException("Close's bulk export " + jobId + " ended in error;"
                    + " nothing was published (the next run starts a new one)");
            default -> pauseMillis = Math.min(30_000, Math.max(1, pauseMillis * 3 / 2)); // created, started, in_progress
        }
        return true;
    }

    /** The bulk export's file is ready: the next step downloads it instead of calling the API. */
    public boolean downloading() {
        return phase == Phase.DOWNLOAD;
    }

    /** The signed link; never logged (it grants access to the file while it lives). */
    String downloadUrl() {
        return downloadUrl;
    }

    /** The download of the link in hand, under the retry rule: its attempts so far; null before the first. */
    org.leadroutes.crm.OutsideCall download() {
        return download;
    }

    void download(org.leadroutes.crm.OutsideCall call) {
        this.download = call;
    }

    /** The download went through: every lead is in the spool. */
    void downloaded() {
        counted();
        stop();
    }

    /**
     * The link had expired (it lives about a minute): the job is polled again for a fresh one. Only links that
     * expired before their download began count against the limit: a download that broke off and is asked again
     * after the link's minute is bounded by the retry rule (the same call goes on with the fresh link).
     */
    void linkExpired() {
        if (!linkUsed && ++unusedLinks >= MAX_LINKS) {
            throw new IllegalStateException("Close's bulk export " + jobId + ": " + unusedLinks + " download links"
                    + " expired before their download began; nothing was published");
        }
        phase = Phase.POLL;
        pauseMillis = 0;
        linkUsed = false;
    }

    /** The download of the link in hand began to read the file (its answer was 200). */
    void linkUsed() {
        linkUsed = true;
        fileBegun = true;
    }

    /** Whether a download of this run's file began before: its leads spooled then come again. */
    boolean fileBegun() {
        return fileBegun;
    }
}
