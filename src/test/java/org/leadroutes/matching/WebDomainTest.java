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
    void theSuffixListsPrivateSectionCountsAsMuchAsItsIcannSection() {
        assertEquals("acme.myshopify.com", WebDomain.of("https://shop.acme.myshopify.com/products"));
        assertNull(WebDomain.of("myshopify.com"));
        assertEquals("acme.blogspot.com", WebDomain.of("blog.acme.blogspot.com"));
        assertEquals("ec2-203-0-113-7.eu-west-1.compute.amazonaws.com",
                WebDomain.of("ec2-203-0-113-7.eu-west-1.compute.amazonaws.com"), "a wildcard rule of the private section");
        assertNull(WebDomain.of("eu-west-1.compute.amazonaws.com"), "a suffix by the wildcard *.compute.amazonaws.com");
    }

    @Test
    void wildcardAndExceptionRulesOfTheSuffixList() {
        assertNull(WebDomain.of("acme.ck"), "*.ck: every name under ck is a public suffix");
        assertEquals("www.acme.ck", WebDomain.of("www.acme.ck"));
        assertEquals("www.ck", WebDomain.of("www.ck"), "!www.ck: the exception to *.ck is a domain");
        assertEquals("www.ck", WebDomain.of("shop.www.ck"));
        assertNull(WebDomain.of("ck"));
        assertNull(WebDomain.of("acme.kawasaki.jp"), "*.kawasaki.jp");
        assertEquals("city.kawasaki.jp", WebDomain.of("www.city.kawasaki.jp"), "!city.kawasaki.jp");
    }

    @Test
    void anIdnIsReadAndGivenInItsAsciiForm() {
        assertEquals("xn--80aswg.xn--p1ai", WebDomain.of("https://www.сайт.рф/"), "an IDN under an IDN suffix (рф)");
        assertEquals("xn--80aswg.xn--p1ai", WebDomain.of("WWW.XN--80ASWG.XN--P1AI"), "the same name in its ASCII form");
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

    @Test
    void aHostUnderNoSuffixTheListKnowsNamesNoOne() {
        assertNull(WebDomain.of("intranet.corp"), "an intranet name: corp is no top-level domain");
        assertNull(WebDomain.of("https://wiki.intranet.corp/start"));
        assertNull(WebDomain.of("http://printer.local/"));
        assertNull(WebDomain.of("http://[2001:db8::1]/"), "an IPv6 address");
        assertNull(WebDomain.of("http://[::1]:8080"));
        assertNull(WebDomain.of("shop-.acme.com"), "a label ending in '-' is no host name");
    }
}
