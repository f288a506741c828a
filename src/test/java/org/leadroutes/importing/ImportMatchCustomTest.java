package org.leadroutes.importing;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code custom:<Field Name>}: an external id held in a lead custom field finds the lead first. */
class ImportMatchCustomTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.import.match", "custom:External Id,company");
        return p;
    }

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.addCustomField("External Id", "text");
    }

    @Test
    void theExternalIdFindsTheLeadWhateverItsName() throws Exception {
        String field = crm.customFieldIds().get("External Id");
        crm.createLead(Map.of("name", "Wayne Enterprises", "custom." + field, "SF-001"));
        crm.createLead(Map.of("name", "Wayne Ent.", "custom." + field, "SF-002"));

        Map<String, Object> report = importFile("sf.csv", "company,External Id,contact\nWayne Ent.,SF-001,Bruce\n");

        assertEquals(1L, count(report, "leadsMatched"), "the id decides before the company name is looked at");
        assertEquals(2, crm.leadCount());
        Map<String, Object> wayne = crm.leads().get(0);
        assertEquals("Wayne Enterprises", wayne.get("name"));
        assertEquals(List.of("Bruce"), ((List<Map<String, Object>>) wayne.get("contacts")).stream().map(c -> c.get("name")).toList());
    }
}
