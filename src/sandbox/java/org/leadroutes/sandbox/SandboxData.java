package org.leadroutes.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sandbox keeps across restarts when it has a data file ({@code leads.sandbox.data-file}): its
 * organisation, its port, its statuses and custom fields (with their ids), its leads, as stored, and its event log
 * (so an incremental export across a restart still learns of the leads deleted and merged before it). Read when
 * the sandbox is made, written (to a temporary file, then moved over) when it closes: a sandbox that is
 * killed keeps what it had at its last clean stop.
 *
 * @param port the port it answered on, for the next start to take again (its ledgers are kept per URL)
 */
record SandboxData(String organizationId, int port, List<Catalog.Status> statuses,
                   List<Catalog.CustomField> customFields, List<Map<String, Object>> leads,
                   List<Map<String, Object>> events) {

    @SuppressWarnings("unchecked")
    static SandboxData read(Path file) {
        try {
            Map<String, Object> data = Json.readMap(Files.readAllBytes(file));
            List<Catalog.Status> statuses = new ArrayList<>();
            for (Map<String, Object> s : (List<Map<String, Object>>) data.getOrDefault("statuses", List.of())) {
                statuses.add(new Catalog.Status((String) s.get("id"), (String) s.get("label")));
            }
            List<Catalog.CustomField> fields = new ArrayList<>();
            for (Map<String, Object> f : (List<Map<String, Object>>) data.getOrDefault("custom_fields", List.of())) {
                fields.add(new Catalog.CustomField((String) f.get("id"), (String) f.get("name"), (String) f.get("type"),
                        (String) f.get("date_created"), (List<String>) f.get("choices")));
            }
            return new SandboxData((String) data.get("organization_id"), ((Number) data.getOrDefault("port", 0)).intValue(),
                    statuses, fields, (List<Map<String, Object>>) data.getOrDefault("leads", List.of()),
                    (List<Map<String, Object>>) data.getOrDefault("events", List.of()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the sandbox's data file " + file.toAbsolutePath() + " cannot be read ("
                    + e.getMessage() + "): move it away to start an empty sandbox", e);
        }
    }

    void write(Path file) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organization_id", organizationId);
        data.put("port", port);
        List<Map<String, Object>> s = new ArrayList<>();
        statuses.forEach(status -> s.add(Map.of("id", status.id(), "label", status.label())));
        data.put("statuses", s);
        List<Map<String, Object>> f = new ArrayList<>();
        customFields.forEach(field -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", field.id());
            m.put("name", field.name());
            m.put("type", field.type());
            m.put("date_created", field.dateCreated());
            if (field.choices() != null) {
                m.put("choices", field.choices());
            }
            f.add(m);
        });
        data.put("custom_fields", f);
        data.put("leads", leads);
        data.put("events", events);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(file.getFileName() + ".tmp");
            Files.write(tmp, Json.write(data));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
