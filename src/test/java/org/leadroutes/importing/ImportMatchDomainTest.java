package org.leadroutes.importing;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code domain}, and the company key for rows that are not grouped by company: each row is its own lead,
 * and still finds the lead its company or website names.
 */
class ImportMatchDomainTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.import.match", "company,domain");
        p.setProperty("leads.import.group-by-company", "false");
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWebsitesRegistrableDomainFindsTheLeadButAFreeMailDomainNever() throws Exception {
        crm.createLead(Map.of("name", "Stark Industries", "url", "https://www.stark-industries.co.uk"));
        crm.createLead(Map.of("name", "Someone at Gmail", "url", "https://gmail.com"));
        crm.createLead(Map.of("name", "Wayne Enterprises"));

        Map<String, Object> report = importFile("web.csv", """
                company,contact,website
                Stark Intl,Pepper,http://shop.stark-industries.co.uk/en
                Gmail User Co,Gus,gmail.com
                WAYNE ENTERPRISES,Alfred,
                Wayne Enterprises,Lucius,
                """);

        assertEquals(3L, count(report, "leadsMatched"), "Stark by its domain, Wayne twice by its name (one row, one lead)");
        assertEquals(1L, count(report, "leadsCreated"), "a free-mail website names no organisation");
        assertEquals(4, crm.leadCount());
        Map<String, Object> wayne = lead("Wayne Enterprises");
        assertEquals(List.of("Alfred", "Lucius"), ((List<Map<String, Object>>) wayne.get("contacts")).stream()
                .map(c -> (String) c.get("name")).sorted().toList());
        assertEquals(List.of("merged", "created", "merged", "merged"),
                results("web.csv").stream().map(r -> r.get("action")).toList());
    }
}
