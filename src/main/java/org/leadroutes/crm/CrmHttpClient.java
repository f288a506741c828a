package org.leadroutes.crm;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * Sets up the HTTP client of CRM calls. It adds the Authorization header inside the client, so the
 * secret never becomes a Camel message header: it cannot show up in tracing, exchange logs or error
 * reports. Close takes the API key as a Basic user name with an empty password; OAuth tokens go as
 * Bearer. And it turns the client's own retries off: Apache HttpClient would retry a GET answered
 * 429/503 once after a fixed second, uncounted and blind to the rate-limit reset, while
 * {@code direct:crm-call} does all retrying. Redirects are not followed either.
 */
public class CrmHttpClient implements HttpClientConfigurer {

    /** The registry name the CRM client's endpoint finds it by ({@code httpClientConfigurer}); a host may bind its own. */
    public static final String BEAN = "crmHttpClient";

    private final String authorization;

    public CrmHttpClient(String apiKey, String token) {
        if (token != null && !token.isBlank()) {
            authorization = "Bearer " + token.trim();
        } else if (apiKey != null && !apiKey.isBlank()) {
            authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((apiKey.trim() + ":").getBytes(StandardCharsets.UTF_8));
        } else {
            authorization = null;
        }
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        // a redirect is never followed: HttpClient would turn a POST /lead/ answered 301 or 302 into a GET of the
        // Location (a list of leads, read as "created"), or send it to a host nobody configured; a 3xx is an
        // outcome of its own (Outcome.REDIRECTED) that names the Location
        builder.disableRedirectHandling();
        if (authorization != null) {
            builder.addRequestInterceptorFirst((request, entity, context) ->
                    request.setHeader(HttpHeaders.AUTHORIZATION, authorization));
        }
    }

    @Override
    public String toString() {
        return authorization == null ? "CrmHttpClient[no credentials]" : "CrmHttpClient[" + authorization.split(" ")[0] + " ****]";
    }
}
