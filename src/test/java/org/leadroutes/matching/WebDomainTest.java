package org.leadroutes.matching;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The registrable domain a website is matched by, and the addresses that must never match anyone. */
class WebDomainTest {

    @Test
    void aWebsiteIsItsRegistrableDomain() {
        assertEquals("acme.com", WebDomain.of("https://www.acme.com/en/about?x=1"));
        assertEquals("acme.com", WebDomain.of("ACME.com"));
        assertEquals("acme.com", WebDomain.of("http://shop.eu.acme.com:8080"));
        assertEquals("acme.co.uk", WebDomain.of("www.acme.co.uk"), "a two-label public suffix");
        assertEquals("acme.com", WebDomain.of("www.acme.com."), "a trailing dot is the same host");
        assertEquals("xn--mller-kva.de", WebDomain.of("https://www.müller.de"), "an IDN compares in its ASCII form");
    }

    @Test
    void sitesOnAHostTheSuffixListNamesAreEachTheirOwn() {
        assertEquals("acme.github.io", WebDomain.of("https://acme.github.io/site"));
        assertEquals("beta.github.io", WebDomain.of("beta.github.io"));
        assertNull(WebDomain.of("github.io"), "the shared host itself names no one");
    }

    @Test
    void freeMailAndSharedHostsNeverMatch() {
        assertNull(WebDomain.of("gmail.com"));
        assertNull(WebDomain.of("https://mail.yahoo.co.uk"));
        assertNull(WebDomain.of("web.de"));
        assertNull(WebDomain.of("aaamail.zzn.com"), "a free-mail host under a domain that is not one itself");
        assertNull(WebDomain.of("https://www.linkedin.com/company/acme"));
        assertNull(WebDomain.of("https://facebook.com/acme"));
        assertNull(WebDomain.of("https://sites.google.com/view/acme"));
    }

    @Test
    void whatIsNotADomainNamesNoOne() {
        assertNull(WebDomain.of(null));
        assertNull(WebDomain.of("  "));
        assertNull(WebDomain.of("http://192.168.1.10/"));
        assertNull(WebDomain.of("http://localhost:8080"));
        assertNull(WebDomain.of("com"));
        assertNull(WebDomain.of("not a website"));
    }
}
