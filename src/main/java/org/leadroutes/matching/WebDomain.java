package org.leadroutes.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import com.google.common.net.InternetDomainName;

/**
 * The registrable domain of a website ({@code https://www.shop.acme.co.uk/en} is {@code acme.co.uk}), by the
 * Public Suffix List Guava carries, private section included: sites on a shared host the list names
 * ({@code acme.github.io}) are each their own domain. No domain at all for an address that identifies no
 * organisation: an IP address, a host that is itself a public suffix, a free or disposable mail provider
 * ({@code free-mail-domains.txt}) or a host where many organisations keep a page ({@code shared-hosts.txt}).
 */
public final class WebDomain {

    private static final Set<String> FREE_MAIL = load("free-mail-domains.txt");
    private static final Set<String> SHARED_HOSTS = load("shared-hosts.txt");

    private WebDomain() {
    }

    /** The registrable domain of a URL or bare host name, lower-case; null when it names no organisation. */
    public static String of(String website) {
        if (website == null || website.isBlank()) {
            return null;
        }
        String host = host(website.trim());
        if (host == null) {
            return null;
        }
        try {
            InternetDomainName name = InternetDomainName.from(IDN.toASCII(host).toLowerCase(Locale.ROOT));
            if (!name.isUnderPublicSuffix()) {
                return null; // a public suffix itself, or no known suffix (localhost, an intranet name)
            }
            String domain = name.topPrivateDomain().toString();
            for (InternetDomainName n = name; ; n = n.parent()) { // mail.provider.example and provider.example alike
                String part = n.toString();
                if (FREE_MAIL.contains(part) || SHARED_HOSTS.contains(part)) {
                    return null;
                }
                if (part.equals(domain) || !n.hasParent()) {
                    return domain;
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null; // not a domain name (an IP address, stray characters)
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
