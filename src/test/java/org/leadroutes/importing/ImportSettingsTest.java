package org.leadroutes.importing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ImportSettingsTest {

    static ImportSettings forCrm(String url) {
        return new ImportSettings(Path.of("data"), url, false, "", true, "US", StandardCharsets.UTF_8, 1, 5, java.util.List.of(), org.leadroutes.matching.OnMatch.MERGE,
                ImportSettings.MAX_CELL_BYTES, ImportSettings.MAX_ROW_BYTES, true, "default",
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(30),
                ImportSettings.MAX_KILLED_TRIES);
    }

    @Test
    void eachCrmAndOrganisationHasItsOwnLedgers() {
        assertEquals(Path.of("data/state/api.close.com_api_v1/orga_abc"), forCrm("https://api.close.com/api/v1/").ledgerDir("orga_abc"));
        assertEquals(Path.of("data/state/127.0.0.1_41327_api_v1/orga_x"), forCrm("http://127.0.0.1:41327/api/v1").ledgerDir("orga_x"));
        assertNotEquals(forCrm("https://api.close.com/api/v1").ledgerDir("orga_x"), forCrm("http://127.0.0.1:41327/api/v1").ledgerDir("orga_x"),
                "what a drop created in the sandbox says nothing about Close");
        assertNotEquals(forCrm("http://127.0.0.1:41327/api/v1").ledgerDir("orga_1"), forCrm("http://127.0.0.1:41327/api/v1").ledgerDir("orga_2"),
                "nor a restarted sandbox (a new organisation) about the one before");
        assertEquals(Path.of("data/state/crm.example.com"), forCrm("https://crm.example.com").ledgerDir(null),
                "a CRM that names no organisation: per URL");
    }
}
