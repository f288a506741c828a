package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps "METHOD path" (relative to {@code /api/v1}) to handlers; a missing trailing slash is accepted. */
final class Router {

    @FunctionalInterface
    interface Handler {
        Reply handle(ApiRequest request);
    }

    private record Endpoint(String method, String template, Pattern pattern, Handler handler) {
    }

    /**
     * Where a request goes. {@code group} names the rate-limit and counting group (method plus template,
     * e.g. {@code "GET /lead/{id}/"}); {@code faultKey} is the concrete "METHOD path" faults are matched on.
     * Exactly one of {@code handler} and {@code failure} is set.
     */
    record Route(String group, String faultKey, Handler handler, String pathParam, Reply failure) {

        /** The handler's answer to {@code request} (its failures in Close's shapes), or the route's failure. */
        Reply answer(ApiRequest request) {
            if (failure != null) {
                return failure;
            }
            try {
                return handler.handle(request.withPathParam(pathParam));
            } catch (ApiException e) {
                return e.reply();
            } catch (ValidationException e) {
                return e.toReply();
            }
        }
    }

    private final List<Endpoint> endpoints = new ArrayList<>();

    /** {@code template} is a Close-style path such as {@code "/lead/{id}/"}; at most one {@code {param}}. */
    Router add(String method, String template, Handler handler) {
        String trimmed = template.endsWith("/") ? template.substring(0, template.length() - 1) : template;
        String regex = Pattern.quote(trimmed).replaceAll("\\{[^}]+}", "\\\\E([^/]+)\\\\Q") + "/?";
        endpoints.add(new Endpoint(method, template, Pattern.compile(regex), handler));
        return this;
    }

    Route route(String method, String path) {
        TreeSet<String> allowed = new TreeSet<>();
        String template = null;
        for (Endpoint endpoint : endpoints) {
            Matcher matcher = endpoint.pattern.matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            template = endpoint.template;
            String key = method + " " + canonical(path, endpoint.template);
            if (endpoint.method.equals(method)) {
                String param = matcher.groupCount() > 0 ? matcher.group(1) : null;
                return new Route(method + " " + endpoint.template, key, endpoint.handler, param, null);
            }
            allowed.add(endpoint.method);
        }
        if (template == null) {
            return notFound(method, path);
        }
        Reply notAllowed = Reply.error(405, "Method " + method + " not allowed")
                .withHeader("Allow", String.join(", ", allowed));
        return new Route(method + " " + template, method + " " + canonical(path, template), null, null, notAllowed);
    }

    /** A path nothing serves: its own group, answered 404 in Close's error shape. */
    static Route notFound(String method, String path) {
        return new Route(method + " " + path, method + " " + path, null, null, Reply.error(404, "Not found"));
    }

    /** The path with the template's trailing-slash convention, so fault prefixes match either spelling. */
    private static String canonical(String path, String template) {
        boolean wantsSlash = template.endsWith("/");
        if (wantsSlash == path.endsWith("/")) {
            return path;
        }
        return wantsSlash ? path + "/" : path.substring(0, path.length() - 1);
    }
}
