package org.leadroutes.crm;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class CrmVocabularyTest {

    /** Two statuses and two custom fields, as the CRM answers them (the mapping tests resolve headers against it). */
    public static CrmVocabulary vocabulary() {
        return CrmVocabulary.of(
                Map.of("data", List.of(
                        Map.of("id", "stat_potential", "label", "Potential"),
                        Map.of("id", "stat_qualified", "label", "Qualified"))),
                Map.of("data", List.of(
                        Map.of("id", "cf_industry", "name", "Industry"),
                        Map.of("id", "cf_source", "name", "Lead Source"))));
    }

    @Test
    void statusLabelsAndCustomFieldsAreMatchedLikeHeaders() {
        CrmVocabulary v = vocabulary();
        assertEquals("stat_qualified", v.statusId("qualified"));
        assertEquals("stat_qualified", v.statusId(" QUALIFIED "));
        assertNull(v.statusId("Won"));
        assertEquals("cf_source", v.customFieldId("lead_source"));
        assertNull(v.customFieldId("Budget"));
        assertNull(v.customFieldId("---"));
    }

    @Test
    void statusLabelsAreListedAsTheCrmSpellsThem() {
        assertEquals(List.of("Potential", "Qualified"), List.copyOf(vocabulary().statusLabels()));
    }

    @Test
    void emptyVocabularyKnowsNothing() {
        CrmVocabulary v = CrmVocabulary.of(Map.of(), Map.of());
        assertNull(v.statusId("Potential"));
        assertNull(CrmVocabulary.empty().customFieldId("Industry"));
        assertEquals(List.of(), List.copyOf(v.statusLabels()));
    }

    @Test
    void aSecondPageOfCustomFieldsIsReportedNotSilentlyLost() {
        CrmVocabulary v = CrmVocabulary.of(Map.of("data", List.of()),
                Map.of("data", List.of(Map.of("id", "cf_1", "name", "Industry")), "has_more", true));
        assertEquals(1, v.warnings().size());
        assertTrue(v.warnings().get(0).contains("more lead custom fields"));
        assertTrue(CrmVocabulary.of(Map.of(), Map.of("data", List.of())).warnings().isEmpty());
    }
}
