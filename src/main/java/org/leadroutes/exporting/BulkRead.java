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
import org.apache.camel.Variable;
import org.leadroutes.crm.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Close's bulk export (bean {@value ExportFlow#BULK}): once the job the flow created and polled is done, its
 * file is downloaded from the signed link and read into the spool: gzip, one JSON array, parsed with Jackson's
 * streaming parser a few hundred leads at a time, so memory does not grow with the file. No API key goes with
 * it (the link is the credential) and the link is never logged. The JDK's HTTP client reads the body as the
 * parser asks for it (camel-http, asked not to cache the stream, stalled on a file of 200,000 leads at
 * -Xmx64m). A link that expired (403) is replaced by polling the job again.
 */
public class BulkRead {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.exporting");
    private static final HttpClient DOWNLOADER = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    private static final int BATCH = 500;

    /** The job's file, from its signed link into the spool. */
    public void download(@Variable(ExportFlow.RUN) ExportRun run) throws IOException, InterruptedException {
        BulkPages bulk = run.bulk();
        HttpResponse<InputStream> answer = DOWNLOADER.send(
                HttpRequest.newBuilder(URI.create(bulk.downloadUrl())).timeout(Duration.ofMinutes(30)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = answer.body()) {
            if (answer.statusCode() == 403) {
                LOG.info("export {}: the bulk export's download link expired; asking for a fresh one", run.fileName());
                bulk.linkExpired();
                return;
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("downloading Close's bulk export failed: HTTP " + answer.statusCode()
                        + "; nothing was published");
            }
            spool(run, body);
        }
        bulk.downloaded();
    }

    @SuppressWarnings("unchecked")
    private static void spool(ExportRun run, InputStream gzipped) throws IOException {
        try (JsonParser json = Json.MAPPER.getFactory().createParser(new GZIPInputStream(gzipped, 64 * 1024))) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("Close's bulk export file is not a JSON array of leads");
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
        }
    }
}
