package org.leadroutes.crm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
}
