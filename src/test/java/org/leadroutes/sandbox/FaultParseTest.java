package org.leadroutes.sandbox;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fault names a user writes in leads.sandbox.faults. */
class FaultParseTest {

    @Test
    void statusesWordsAndEnumNamesAreRead() {
        assertEquals(Fault.STATUS_400, Fault.parse("400"));
        assertEquals(Fault.STATUS_400_UNNAMED, Fault.parse("400-unnamed"));
        assertEquals(Fault.CREATED_THEN_502, Fault.parse("created-then-502"));
        assertEquals(Fault.STATUS_503, Fault.parse("STATUS_503"));
        assertEquals(Fault.STATUS_301, Fault.parse("301"));
        assertEquals(Fault.HTML_200, Fault.parse("html-200"));
        assertEquals(Fault.CREATED_THEN_HTML_200, Fault.parse("created-then-html-200"));
        assertEquals(Fault.CREATED_THEN_TRUNCATED_200, Fault.parse("created-then-truncated-200"));
    }
}
