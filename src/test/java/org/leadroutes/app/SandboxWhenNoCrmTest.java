package org.leadroutes.app;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The sandbox runs only when nothing points elsewhere: a key or token without a URL means Close. */
class SandboxWhenNoCrmTest {

    @Test
    void aKeyOrTokenWithoutAUrlMeansCloseNothingMeansTheSandbox() {
        assertEquals("https://api.close.com/api/v1", SandboxWhenNoCrm.crmWithoutUrl(Map.of("leads.crm.api-key", "api_123")::get));
        assertEquals("https://api.close.com/api/v1", SandboxWhenNoCrm.crmWithoutUrl(Map.of("leads.crm.token", "tok")::get));
        assertNull(SandboxWhenNoCrm.crmWithoutUrl(Map.of("leads.crm.api-key", " ")::get), "a blank key is no key");
        assertNull(SandboxWhenNoCrm.crmWithoutUrl(Map.<String, String>of()::get), "nothing set: the sandbox");
    }
}
