package org.leadroutes.crm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CrmRequestTest {

    @Test
    void recordIdIsFolded() {
        assertEquals("GET /lead/{id}/", CrmRequest.group("GET", "/lead/lead_abc123/"));
    }

    @Test
    void realCloseIdIsFolded() {
        assertEquals("PUT /lead/{id}/",
                CrmRequest.group("PUT", "/lead/lead_4BlUe7NVRmNjVDOcOcXQ6bbZa9TdVILDLuD3Ot6ZLwZ/"));
    }

    @Test
    void idAtTheEndOfThePathIsFolded() {
        assertEquals("GET /contact/{id}", CrmRequest.group("GET", "/contact/cont_Xy12"));
    }

    @Test
    void pathWithoutIdStays() {
        assertEquals("POST /lead/", CrmRequest.group("POST", "/lead/"));
        assertEquals("GET /status/lead/", CrmRequest.group("GET", "/status/lead/"));
    }

    @Test
    void differentRecordsOfOneEndpointShareAGroup() {
        assertEquals(CrmRequest.group("GET", "/lead/lead_aaa/"), CrmRequest.group("GET", "/lead/lead_bbb/"));
    }

    @Test
    void methodSeparatesGroups() {
        assertNotEquals(CrmRequest.group("GET", "/lead/"), CrmRequest.group("POST", "/lead/"));
    }

    @Test
    void endpointNamesWithUnderscoresAreNotFoldedAsIds() {
        assertEquals("GET /custom_field/lead/", CrmRequest.group("GET", "/custom_field/lead/"));
        assertNotEquals(CrmRequest.group("GET", "/email_template/"), CrmRequest.group("GET", "/sms_template/"));
    }

    @Test
    void readsMayBeSentAgainAndWritesMayNot() {
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(new org.apache.camel.impl.DefaultCamelContext());
        CrmRequest.set(exchange, "GET", "/lead/", null);
        org.junit.jupiter.api.Assertions.assertTrue(CrmRequest.of(exchange).repeatable());
        CrmRequest.set(exchange, "POST", "/lead/", null);
        org.junit.jupiter.api.Assertions.assertFalse(CrmRequest.of(exchange).repeatable(), "a create is not");
        CrmRequest.set(exchange, "PUT", "/lead/lead_abc/", null);
        org.junit.jupiter.api.Assertions.assertTrue(CrmRequest.of(exchange).repeatable(), "a PUT of a patch may be: the same patch twice is as once");
        CrmRequest.set(exchange, "POST", "/data/search/", null);
        org.junit.jupiter.api.Assertions.assertTrue(CrmRequest.of(exchange).repeatable(), "a search sent as a POST is a read");
        assertEquals("POST /data/search/", CrmRequest.of(exchange).group());
        assertThrows(IllegalArgumentException.class, () -> CrmRequest.set(exchange, "DELETE", "/everything/", null),
                "an operation not in CrmOperation's table is refused before it is sent");
    }
}
