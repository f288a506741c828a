package org.leadroutes.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sandbox with a data file ({@code leads.sandbox.data-file}) is the same CRM after a restart: its organisation
 * (the import's ledgers are kept per organisation), its statuses and custom fields, its leads as they were
 * (ids, contacts, timestamps: what an incremental export and a re-drop rely on), and its port when free.
 */
class SandboxDataTest {

    @TempDir
    Path dir;

    @Test
    void aRestartedSandboxWithADataFileIsTheSameCrm() {
        Path file = dir.resolve("sandbox.json");
        String organisation;
        List<Map<String, Object>> before;
        Map<String, String> fields;
        int port;
        try (SandboxCrm first = SandboxCrm.persisted(0, file).start()) {
            first.createLead(Map.of("name", "Acme Ltd", "contacts", List.of(Map.of("name", "Ada",
                    "emails", List.of(Map.of("email", "ada@acme.example.com"))))));
            first.deleteLead((String) first.createLead(Map.of("name", "Globex")).get("id"));
            first.createLead(Map.of("name", "Globex"));
            organisation = first.organizationId();
            before = first.leads();
            fields = first.customFieldIds();
            port = first.port();
        }
        assertTrue(Files.exists(file), "written when it stops");

        try (SandboxCrm second = SandboxCrm.persisted(0, file).start()) {
            assertEquals(organisation, second.organizationId());
            assertEquals(fields, second.customFieldIds());
            assertEquals(before, second.leads(), "the same leads, ids, contacts and timestamps");
            assertEquals(port, second.port(), "the port it had, being free");
            assertEquals(4, second.eventCount(), "its event log: three leads created, one deleted");
            second.createLead(Map.of("name", "Initech"));
            assertEquals(3, second.leadCount());
        }
    }

    @Test
    void withoutADataFileEachSandboxIsANewOrganisation() {
        try (SandboxCrm first = new SandboxCrm().start(); SandboxCrm second = new SandboxCrm().start()) {
            assertNotEquals(first.organizationId(), second.organizationId());
            assertEquals(null, first.dataFile());
        }
    }
}
