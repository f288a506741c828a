package org.leadroutes.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.hc.client5.http.psl.DomainType;
import org.apache.hc.client5.http.psl.PublicSuffixMatcher;
import org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader;

/**
 * The registrable domain of a website ({@code https://www.shop.acme.co.uk/en} is {@code acme.co.uk}), by the
 * Public Suffix List that HttpClient 5 carries (camel-http's client), private section included: sites on a
 * shared host the list names ({@code acme.github.io}) are each their own domain. No domain at all for an address
 * that identifies no organisation: an IP address, a host under no suffix the list knows, a host that is itself a
 * public suffix, a free or disposable mail provider ({@code free-mail-domains.txt}) or a host where many
 * organisations keep a page ({@code shared-hosts.txt}). HttpClient 5.4 or later: before 5.4 it gave a site on a
 * shared host the shared host's name ({@code github.io}).
 */
public final class WebDomain {

    private static final Set<String> FREE_MAIL = load("free-mail-domains.txt");
    private static final Set<String> SHARED_HOSTS = load("shared-hosts.txt");
    private static final PublicSuffixMatcher SUFFIXES = suffixes(); // null where the client cannot serve
    static final String NEEDS = "matching by domain needs HttpClient 5.4 or later (httpclient5) with its Public Suffix"
            + " List (org/publicsuffix/list/effective_tld_names.dat) on the class path";
    /**
     * A host name in ASCII: labels of letters, digits, '-' and '_', none starting or ending with '-' or '_', the last
     * not starting with a digit (so no IP address). The suffix list tells domains apart, not whether a name is one.
     */
    private static final Pattern DOMAIN_NAME =
            Pattern.compile("((?![-_])[a-z0-9_-]{1,63}(?<![-_])\\.)*(?![-_0-9])[a-z0-9_-]{1,63}(?<![-_])");

    private WebDomain() {
    }

    /** Whether the HttpClient on the class path serves the list as {@link #of} needs (else {@link #NEEDS}). */
    static boolean available() {
        return SUFFIXES != null;
    }

    /**
     * The registrable domain of a URL or bare host name, lower-case; null when it names no organisation.
     *
     * @throws IllegalStateException where the list is not {@link #available()}
     */
    public static String of(String website) {
        if (SUFFIXES == null) {
            throw new IllegalStateException(NEEDS);
        }
        if (website == null || website.isBlank()) {
            return null;
        }
        String host = host(website.trim());
        if (host == null) {
            return null;
        }
        String name;
        try {
            name = IDN.toASCII(host).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null; // not a domain name (an empty or overlong label)
        }
        if (name.length() > 253 || !DOMAIN_NAME.matcher(name).matches()) {
            return null; // not a domain name (an IP address, stray characters)
        }
        // the matcher's default rule makes any last label a suffix, so a name under no suffix the list knows
        // (localhost, intranet.corp) would get a domain; by the ICANN section's own rules alone it has none
        if (SUFFIXES.getDomainRoot(name, DomainType.ICANN) == null) {
            return null; // no known suffix, or a public suffix itself (co.uk)
        }
        String domain = SUFFIXES.getDomainRoot(name, null); // both sections: the longest rule wins
        if (domain == null) {
            return null; // a public suffix of the private section itself (github.io)
        }
        for (String part = name; ; part = part.substring(part.indexOf('.') + 1)) { // mail.provider.example and provider.example alike
            if (FREE_MAIL.contains(part) || SHARED_HOSTS.contains(part)) {
                return null;
            }
            if (part.equals(domain) || part.indexOf('.') < 0) {
                return domain;
            }
        }
    }

    /** The host of a URL or bare host name; read by hand, as {@link java.net.URI} gives no host for an IDN. */
    private static String host(String website) {
        String rest = website.replaceFirst("(?i)^[a-z][a-z0-9+.-]*://", "");
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String host = rest.substring(0, end);
        host = host.substring(host.lastIndexOf('@') + 1); // user info
        host = host.replaceFirst(":\\d*$", ""); // port
        host = host.toLowerCase(Locale.ROOT);
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return host.isEmpty() || host.contains(" ") ? null : host;
    }

    /** HttpClient's list, the one its own clients use (loaded once for the process); null where it cannot serve. */
    private static PublicSuffixMatcher suffixes() {
        PublicSuffixMatcher matcher = PublicSuffixMatcherLoader.getDefault();
        if (readsTheList(matcher)) {
            return matcher;
        }
        // 5.4.0 to 5.4.2 look for the list in the wrong folder and stand in one that knows only "com"
        URL list = PublicSuffixMatcherLoader.class.getResource("/org/publicsuffix/list/effective_tld_names.dat");
        try {
            matcher = list == null ? null : PublicSuffixMatcherLoader.load(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return readsTheList(matcher) ? matcher : null; // before 5.4 the list is elsewhere and read otherwise
    }

    /** Whether the matcher holds the whole list (a two-label suffix) and reads the private section as 5.4 does. */
    private static boolean readsTheList(PublicSuffixMatcher matcher) {
        return matcher != null && "acme.co.uk".equals(matcher.getDomainRoot("www.acme.co.uk", DomainType.ICANN))
                && "acme.github.io".equals(matcher.getDomainRoot("www.acme.github.io", null));
    }

    private static Set<String> load(String resource) {
        Set<String> domains = new HashSet<>();
        try (InputStream in = WebDomain.class.getResourceAsStream("/org/leadroutes/matching/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String domain = line.strip();
                if (!domain.isEmpty() && !domain.startsWith("#")) {
                    domains.add(domain.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(domains);
    }
}
