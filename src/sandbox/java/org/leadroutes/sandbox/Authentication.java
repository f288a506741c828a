package org.leadroutes.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The credentials the sandbox requires, as Close takes them: the API key as the Basic auth user name with an
 * empty password, or a Bearer token. With neither set, every request is let in.
 */
final class Authentication {
    private volatile String apiKey;
    private volatile String token;

    void requireApiKey(String key) {
        this.apiKey = key;
    }

    void requireToken(String token) {
        this.token = token;
    }

    /** The 401 a request without acceptable credentials gets. */
    static Reply unauthorized() {
        return Reply.error(401, "Unauthorized: send the API key as Basic auth user name with an empty"
                + " password, or a Bearer token").withHeader("WWW-Authenticate", "Basic realm=\"api\"");
    }

    /** Whether the {@code Authorization} header (null when absent) carries the key or the token. */
    boolean authorized(String authorization) {
        String key = apiKey;
        String bearer = token;
        if (key == null && bearer == null) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        if (key != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                byte[] credentials = Base64.getDecoder().decode(authorization.substring(6).trim());
                return MessageDigest.isEqual(credentials, (key + ":").getBytes(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (bearer != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                    bearer.getBytes(StandardCharsets.UTF_8));
        }
        return false;
    }
}
