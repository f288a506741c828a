package org.leadroutes.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/**
 * Close's bulk export as the reference describes it: {@code POST /export/lead/} ({@code format: json},
 * {@code type: leads}, {@code fields}) starts a job over the leads of that moment; {@code GET /export/{id}/}
 * (or {@code /export/lead/{id}/}) reports {@code created}, {@code started}, {@code in_progress}, then
 * {@code done} with a signed {@code download_url} that expires a while after it is handed out (each poll
 * hands out a fresh one), or {@code error}. The file is gzip, one JSON array of leads, streamed as it is
 * written: a million leads never sit in memory as one answer.
 */
final class BulkExports {

    static final String DOWNLOAD_PREFIX = "/downloads/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Job(String id, List<LeadStore.StoredLead> leads, Set<String> fields, AtomicInteger polls,
                       boolean fails, String created) {
    }

    private record Link(String jobId, long handedOutNanos, boolean expired) {
    }

    private final LeadStore store;
    private final Supplier<String> baseUrl; // http://127.0.0.1:port, for the signed links
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private volatile int pollsUntilDone = 2;
    private volatile long linkLifeNanos = 60_000_000_000L;
    private volatile boolean failNext;
    private volatile boolean expireNextLink;
    private final AtomicInteger failingDownloads = new AtomicInteger();
    private volatile int failingStatus = 500;
    private final AtomicInteger cutDownloads = new AtomicInteger();
    private volatile boolean linksLiveForOneUse;
    private final Set<String> usedLinks = ConcurrentHashMap.newKeySet();

    BulkExports(LeadStore store, Supplier<String> baseUrl) {
        this.store = store;
        this.baseUrl = baseUrl;
    }

    void settings(int pollsUntilDone, long linkLifeNanos) {
        this.pollsUntilDone = pollsUntilDone;
        this.linkLifeNanos = linkLifeNanos;
    }

    void failNext() {
        failNext = true;
    }

    void expireNextLink() {
        expireNextLink = true;
    }

    /** The file host answers {@code status} (with an S3-like XML error) to the next {@code times} downloads. */
    void failNextDownloads(int times, int status) {
        failingStatus = status;
        failingDownloads.set(times);
    }

    /** The next {@code times} downloads break off halfway through the file: the connection closes short of its length. */
    void cutNextDownloads(int times) {
        cutDownloads.set(times);
    }

    /** A link answers 403 once it was used: as a link whose minute ran out while its first download was read. */
    void linksLiveForOneUse() {
        linksLiveForOneUse = true;
    }

    void register(Router router) {
        router.add("POST", "/export/lead/", this::create)
                .add("GET", "/export/{id}/", this::poll)
                .add("GET", "/export/lead/{id}/", this::poll);
    }

    private Reply create(ApiRequest request) {
        if (!(CloseApi.jsonBody(request) instanceof Map<?, ?> body)) {
            throw ApiException.badRequest("the export body must be a JSON object");
        }
        if (!"json".equals(body.get("format")) || !"leads".equals(String.valueOf(body.get("type") == null ? "leads" : body.get("type")))) {
            throw ApiException.badRequest("the sandbox exports format json, type leads");
        }
        Set<String> fields = new LinkedHashSet<>();
        if (body.get("fields") instanceof List<?> list && !list.isEmpty()) {
            fields.add("id");
            list.forEach(f -> fields.add(String.valueOf(f)));
        }
        boolean fails = failNext;
        failNext = false;
        List<LeadStore.StoredLead> leads = store.slice(null, false, 0, Integer.MAX_VALUE).leads();
        if (body.get("s_query") != null) { // an Advanced Filtering query narrows the export
            java.util.function.Predicate<Map<String, Object>> test = SearchQuery.compile(body.get("s_query"));
            leads = leads.stream().filter(lead -> test.test(store.render(lead))).toList();
        }
        Job job = new Job(Ids.next("expr_"), leads, fields,
                new AtomicInteger(), fails, Timestamps.now());
        jobs.put(job.id(), job);
        return Reply.json(200, describe(job, "created", null));
    }

    private Reply poll(ApiRequest request) {
        String id = request.pathParam();
        Job job = jobs.get(id);
        if (job == null) {
            return Reply.error(404, "Not found");
        }
        int polls = job.polls().incrementAndGet();
        if (polls < pollsUntilDone) {
            return Reply.json(200, describe(job, polls == 1 ? "started" : "in_progress", null));
        }
        if (job.fails()) {
            return Reply.json(200, describe(job, "error", null));
        }
        String token = Ids.next("dl_");
        links.put(token, new Link(job.id(), System.nanoTime(), expireNextLink));
        expireNextLink = false;
        return Reply.json(200, describe(job, "done", baseUrl.get() + DOWNLOAD_PREFIX + token + "/leads.json.gz"
                + "?X-Signature=" + token.substring(3) + "&X-Expires=" + linkLifeNanos / 1_000_000_000L));
    }

    private Map<String, Object> describe(Job job, String status, String downloadUrl) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", job.id());
        answer.put("status", status);
        answer.put("format", "json");
        answer.put("type", "leads");
        answer.put("n_docs", job.leads().size());
        answer.put("n_docs_processed", "done".equals(status) ? job.leads().size() : 0);
        answer.put("download_url", downloadUrl);
        answer.put("date_created", job.created());
        return answer;
    }

    /** {@code GET /downloads/<token>/leads.json.gz}: the job's leads, gzip, one JSON array, streamed. */
    void download(HttpExchange exchange, String path) throws IOException {
        String token = path.substring(DOWNLOAD_PREFIX.length()).split("/")[0];
        Link link = links.get(token);
        Job job = link == null ? null : jobs.get(link.jobId());
        boolean usedUp = linksLiveForOneUse && !usedLinks.add(token);
        if (job == null || link.expired() || usedUp || System.nanoTime() - link.handedOutNanos() > linkLifeNanos) {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
                    + "<Message>Request has expired</Message></Error>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        if (failingDownloads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
                    + "<Message>We encountered an internal error. Please try again.</Message></Error>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(failingStatus, body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/gzip");
        if (cutDownloads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) { // the whole file's length announced, half of it sent, then closed
            java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
            write(job, whole);
            byte[] file = whole.toByteArray();
            exchange.sendResponseHeaders(200, file.length);
            exchange.getResponseBody().write(file, 0, file.length / 2);
            exchange.getResponseBody().flush();
            return; // closing the exchange short of the length closes the connection
        }
        exchange.sendResponseHeaders(200, 0); // chunked: the file is written as it is made
        write(job, exchange.getResponseBody());
    }

    private void write(Job job, OutputStream to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(to, 64 * 1024);
             JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartArray();
            for (LeadStore.StoredLead stored : job.leads()) {
                Map<String, Object> lead = store.render(stored);
                JSON.writeValue(json, job.fields().isEmpty() ? lead : CloseApi.project(lead, job.fields()));
            }
            json.writeEndArray();
        }
    }
}
