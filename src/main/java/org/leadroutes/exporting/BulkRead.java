package org.leadroutes.exporting;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.leadroutes.crm.CrmAnswers;
import org.leadroutes.crm.CrmOperation;
import org.leadroutes.crm.Json;
import org.leadroutes.crm.OutsideCall;
import org.leadroutes.crm.RetryRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Close's bulk export (bean {@value ExportFlow#BULK}): the job created ({@code POST /export/lead/}) and polled
 * ({@code GET /export/{id}/}) through {@code direct:crm-call}; once it is done, its file is downloaded from the
 * signed link and read into the spool: gzip, one JSON array, parsed with Jackson's streaming parser a few hundred
 * leads at a time, so memory does not grow with the file. The download is the operation
 * {@link CrmOperation#DOWNLOAD_BULK_EXPORT} of the table: its attempts go through the retry rule and count in the
 * run's report and the metrics like any call ({@link OutsideCall}); a download sent again waits in the flow's
 * {@code delay:} step, and writes each lead id once (the spool's rule). The link is no CRM endpoint, so no API key
 * goes with it (the link is the credential), nothing paces it, and it is never logged. The JDK's HTTP client reads
 * the body as the parser asks for it (camel-http, asked not to cache the stream, stalled on a file of 200,000 leads
 * at -Xmx64m). A link that expired (403) is replaced by polling the job again.
 */
public class BulkRead {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.exporting");
    private static final HttpClient DOWNLOADER = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    private static final int BATCH = 500;

    private final CrmAnswers answers;

    public BulkRead(CrmAnswers answers) {
        this.answers = answers;
    }

    /** Makes the exchange the job's next call: its creation, then its polls. */
    public void request(@Variable(ExportFlow.RUN) ExportRun run, Exchange exchange) {
        run.bulk().askNext(exchange);
    }

    /** The job's answer: its id, then its state; once it is done, the link to its file. */
    public void answer(@Variable(ExportFlow.RUN) ExportRun run, Map<String, Object> answer) throws IOException {
        run.write(run.bulk().read(answer));
    }

    /** The job's file, from its signed link into the spool; or, when the rule says so, another try later. */
    public void download(@Variable(ExportFlow.RUN) ExportRun run) throws IOException, InterruptedException {
        BulkPages bulk = run.bulk();
        if (bulk.download() == null) { // one call for the file, across fresh links: the retry rule bounds it all
            bulk.download(answers.outside(CrmOperation.DOWNLOAD_BULK_EXPORT, run.crmTally()));
        }
        OutsideCall call = bulk.download();
        URI link;
        try {
            link = URI.create(bulk.downloadUrl());
        } catch (IllegalArgumentException e) { // its message would hold the link: never shown
            throw new IllegalStateException("Close's bulk export gave a download link that is not a URL; nothing was"
                    + " published");
        }
        RetryRule.Decision decision;
        IOException failure = null;
        String what;
        try {
            HttpResponse<InputStream> answer = DOWNLOADER.send(
                    HttpRequest.newBuilder(link).timeout(Duration.ofMinutes(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            int status = answer.statusCode();
            try (InputStream body = answer.body()) {
                if (status == 403) {
                    call.answered(403); // counted; the link lives about a minute: a fresh one from the job
                    LOG.info("export {}: the bulk export's download link expired; asking for a fresh one", run.fileName());
                    bulk.linkExpired();
                    return;
                }
                what = "HTTP " + status;
                if (status != 200) {
                    decision = call.answered(status);
                } else {
                    if (bulk.fileBegun()) {
                        run.readingAgain(); // the leads spooled before the break come again: not duplicates
                    }
                    bulk.linkUsed();
                    if (spool(run, body)) {
                        decision = call.answered(200);
                    } else {
                        what = "200, but not a JSON array of leads";
                        decision = call.garbled(what);
                    }
                }
            }
        } catch (java.util.zip.ZipException | com.fasterxml.jackson.core.JsonProcessingException notTheFile) {
            failure = notTheFile; // an HTML page, another format: not the file, asked again
            what = "200, but not the gzip file of leads";
            decision = call.garbled(what);
        } catch (IOException e) { // no answer, or the body broke off: what was spooled stays, each lead once
            failure = e;
            what = CrmAnswers.why(e);
            decision = call.failed(e);
        }
        switch (decision.verdict()) {
            case SUCCEEDED -> bulk.downloaded();
            case RETRY -> LOG.info("export {}: downloading Close's bulk export file failed ({}); {}, in {} ms",
                    run.fileName(), what, decision.reason(), call.backoffMillis());
            default -> throw call.gaveUp("downloading Close's bulk export file failed: " + what, failure);
        }
    }

    /** The file's leads into the spool, a batch at a time; false when the file is not a JSON array of leads. */
    @SuppressWarnings("unchecked")
    private static boolean spool(ExportRun run, InputStream gzipped) throws IOException {
        try (JsonParser json = Json.MAPPER.getFactory().createParser(new GZIPInputStream(gzipped, 64 * 1024))) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                return false;
            }
            List<Map<String, Object>> batch = new ArrayList<>(BATCH);
            while (json.nextToken() == JsonToken.START_OBJECT) {
                batch.add(Json.EXACT_DECIMALS.readValue(json, Map.class));
                if (batch.size() == BATCH) {
                    run.write(batch);
                    batch.clear();
                }
            }
            run.write(batch);
            return json.currentToken() == JsonToken.END_ARRAY; // else the array was cut short: not the whole file
        }
    }
}
