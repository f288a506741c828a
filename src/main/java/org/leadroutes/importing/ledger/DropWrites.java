package org.leadroutes.importing.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.leadroutes.crm.Json;

/**
 * What one drop wrote to the CRM, in {@code <ledger dir>/<archived name>.writes.jsonl}: one appended JSON line per
 * write: a lead created (with its contacts) and a contact added to a lead the CRM already had as soon as the CRM
 * answered, the empty fields of such a lead filled (with what they held before) just before the {@code PUT} (an undo
 * takes back only the fields still holding what was written). It is what an undo of the
 * drop ({@code --undo}) takes back, and only that. Per drop, not per content (unlike the {@link DropLedger}): a
 * second drop of the same content that created nothing has nothing to undo. Only ever appended to, one write per
 * line, so a {@code kill -9} loses at most the line being written; a dry run writes none.
 */
public final class DropWrites implements AutoCloseable {

    /** The file's suffix after the drop's archived name. */
    public static final String SUFFIX = ".writes.jsonl";

    /** What a write was. */
    public enum Kind {
        /** {@code POST /lead/}: the lead and its contacts are the drop's. */
        CREATED,
        /** {@code POST /contact/} to a lead the CRM already had. */
        CONTACT_ADDED,
        /** {@code PUT /lead/{id}/} of a lead the CRM already had: its empty fields filled. */
        FIELDS_FILLED
    }

    /**
     * One write.
     *
     * @param contacts the created lead's contacts, or the one added
     * @param written  the fields filled, as written
     * @param before   those fields as the lead held them before (absent: empty)
     * @param at       when the CRM's answer came, by this machine's clock
     */
    public record Write(Kind kind, String leadId, List<String> contacts, Map<String, Object> written,
                        Map<String, Object> before, Instant at) {
    }

    private final Path file;
    private final boolean readOnly;
    private final Clock clock;
    private OutputStream out;

    private DropWrites(Path file, boolean readOnly, Clock clock) {
        this.file = file;
        this.readOnly = readOnly;
        this.clock = clock;
    }

    /** The record of the drop archived as {@code archived}, in the ledgers' folder of its CRM organisation. */
    public static Path path(Path ledgerDir, String archived) {
        return ledgerDir.resolve(archived + SUFFIX);
    }

    public static DropWrites open(Path ledgerDir, String archived, boolean readOnly, Clock clock) {
        return new DropWrites(path(ledgerDir, archived), readOnly, clock);
    }

    public void created(String leadId, List<String> contactIds) {
        append(new Write(Kind.CREATED, leadId, contactIds, Map.of(), Map.of(), clock.instant()));
    }

    public void contactAdded(String leadId, String contactId) {
        append(new Write(Kind.CONTACT_ADDED, leadId, List.of(contactId), Map.of(), Map.of(), clock.instant()));
    }

    /** @param lead the lead as it stood before the fill: the filled fields' earlier values are kept from it */
    public void fieldsFilled(String leadId, Map<String, Object> written, Map<String, Object> lead) {
        Map<String, Object> before = new LinkedHashMap<>();
        written.keySet().forEach(key -> {
            if (lead != null && lead.get(key) != null) {
                before.put(key, lead.get(key));
            }
        });
        append(new Write(Kind.FIELDS_FILLED, leadId, List.of(), written, before, clock.instant()));
    }

    private synchronized void append(Write write) {
        if (readOnly) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", write.kind().name().toLowerCase());
        line.put("lead", write.leadId());
        line.put("contacts", write.contacts());
        if (!write.written().isEmpty()) {
            line.put("written", write.written());
            line.put("before", write.before());
        }
        // rounded up to the next millisecond: the CRM stamped the write (in microseconds) before its answer came
        line.put("at", write.at().toEpochMilli() + 1);
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            out.write((Json.MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a record of " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record to " + file, e);
        }
    }

    /** The writes a drop recorded, in the order they happened; a torn last line is left out. */
    @SuppressWarnings("unchecked")
    public static List<Write> read(Path file) throws IOException {
        List<Write> writes = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                Map<String, Object> m;
                try {
                    m = Json.MAPPER.readValue(line, Map.class);
                } catch (JsonProcessingException torn) { // the line a killed process was writing
                    continue;
                }
                writes.add(new Write(Kind.valueOf(String.valueOf(m.get("kind")).toUpperCase()), (String) m.get("lead"),
                        ((List<String>) m.getOrDefault("contacts", List.of())).stream()
                                .filter(java.util.Objects::nonNull).toList(),
                        (Map<String, Object>) m.getOrDefault("written", Map.of()),
                        (Map<String, Object>) m.getOrDefault("before", Map.of()),
                        Instant.ofEpochMilli(((Number) m.get("at")).longValue())));
            }
        }
        return writes;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
