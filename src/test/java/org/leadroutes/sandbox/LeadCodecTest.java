package org.leadroutes.sandbox;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The compact stored form must give back exactly the lead that went in. */
class LeadCodecTest {

    @Test
    void roundTripsALeadAndLeavesKnownValuesOutOfTheBytes() {
        Catalog catalog = Catalog.withDefaults();
        String industry = catalog.customFieldByName("Industry").orElseThrow().id();
        Map<String, Object> lead = new LeadValidator(catalog).lead(Map.of(
                "name", "Acme", "description", "Anvils", "status", "Customer",
                "addresses", List.of(Map.of("city", "Phoenix")),
                "contacts", List.of(Map.of("name", "Wile E.", "emails", List.of(Map.of("email", "wile@acme.example")))),
                "custom." + industry, "Hardware"));
        LeadCodec codec = new LeadCodec(catalog);

        LeadStore.StoredLead stored = codec.encode(lead);

        assertEquals(lead, codec.decode(stored));
        String bytes = new String(stored.json(), java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(bytes.contains(industry), bytes);
        assertFalse(bytes.contains((String) lead.get("id")), bytes);
        assertFalse(bytes.contains("date_updated"), bytes);
    }
}
