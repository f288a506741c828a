package org.leadroutes.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process CRM on loopback that speaks the subset of the Close API the routes use (under
 * {@link #closeBaseUrl()}) plus a page-numbered CRM ({@code GET <baseUrl>/api/v1/leads}), with switchable
 * auth, per-endpoint-group rate limits, latency and faults. Every request passes, in order: latency, auth,
 * rate limit, queued fault, handler.
 */
public final class SandboxCrm implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SandboxCrm.class.getName());
    private static final String API_PREFIX = "/api/v1";
    private static final int THREADS = 64; // so latency and HANG do not serialise concurrent clients
    private static final int BACKLOG = 1024;
    private static final long FAULT_RESET_NANOS = 200_000_000L;
    private static final long HANG_SECONDS = 65; // past the client's default 30 s response timeout
    private static final int UNLIMITED_REPORTED_LIMIT = 100;

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
        // the client's delayed ACK adds ~40 ms to every answer, which no real CRM does. Read once,
        // when the JDK's server classes load, so it is set before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final int requestedPort;
    private final String organizationId = Ids.next("orga_");
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();
    private final Catalog catalog = Catalog.withDefaults();
    private final LeadStore store;
    private final CloseApi api;
    private final BulkExports bulk;
    private final Router router = new Router();
    private final Faults faults = new Faults();
    private final Map<String, RateLimitWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> organizationBuckets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger totalRequests = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);

    private volatile String apiKey;
    private volatile String token;
    private volatile int rateLimit;
    private volatile Limiter limiter = Limiter.WINDOW;
    private volatile int organizationRateLimit;
    private volatile RateLimitForm rateLimitForm = RateLimitForm.RATELIMIT_COMMA;
    private volatile long latencyMillis;
    private volatile int maxSkip = 250_000;

    private HttpServer server; // guarded by this
    private ExecutorService executor; // guarded by this
    private volatile int boundPort;

    public SandboxCrm() {
        this(0);
    }

    /** @param port the loopback port to bind, 0 for an ephemeral one */
    public SandboxCrm(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.requestedPort = port;
        LeadValidator validator = new LeadValidator(catalog, () -> Timestamps.format(clock.instant()));
        this.store = new LeadStore(validator, new LeadCodec(catalog),
                new LeadRenderer(catalog, organizationId, this::closeBaseUrl));
        this.api = new CloseApi(store, catalog, organizationId, () -> maxSkip);
        api.register(router);
        this.bulk = new BulkExports(store, () -> "http://127.0.0.1:" + boundPort);
        bulk.register(router);
        new PagedLeadView(store, catalog).register(router);
    }

    /** Binds 127.0.0.1 and starts answering. */
    public synchronized SandboxCrm start() {
        if (server != null) {
            throw new IllegalStateException("sandbox CRM already started");
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "sandbox-crm-" + threadNumber.incrementAndGet());
            thread.setDaemon(true); // a forgotten close() must not keep the JVM alive
            return thread;
        });
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(loopback(), requestedPort), BACKLOG);
            http.createContext("/", this::handle);
            http.setExecutor(pool);
            http.start();
            server = http;
            executor = pool;
            boundPort = http.getAddress().getPort();
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("cannot bind sandbox CRM to 127.0.0.1:" + requestedPort, e);
        }
        return this;
    }

    /** Stops at once: in-flight HANG faults are released and the worker threads interrupted. */
    @Override
    public synchronized void close() {
        closing.countDown();
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** Close style base, e.g. {@code http://127.0.0.1:PORT/api/v1}; paths are {@code /lead/}, {@code /contact/} ... */
    /**
     * The clock leads and contacts are created and changed by: a fixed clock gives many leads one
     * {@code date_updated}, as a bulk update in Close does.
     */
    public void clock(java.time.Clock clock) {
        this.clock = clock;
    }

    /**
     * The bulk export's pace: polls of {@code GET /export/{id}/} before a job is done, and how long a download
     * link lives once handed out (Close: about a minute).
     */
    public void bulkExports(int pollsUntilDone, java.time.Duration linkLife) {
        bulk.settings(pollsUntilDone, linkLife.toNanos());
    }

    /** The next bulk export job ends in {@code error}. */
    public void failNextBulkExport() {
        bulk.failNext();
    }

    /** The next download link handed out has expired by the time it is used. */
    public void expireNextDownloadLink() {
        bulk.expireNextLink();
    }

    /** The next Advanced Filtering cursor handed out has expired by the time it comes back. */
    public void expireNextCursor() {
        api.expireNextCursor();
    }

    /** How far one Advanced Filtering cursor walk goes, and how long a cursor lives (Close: 10,000 and about 30 s). */
    public void searchLimits(int walkMax, java.time.Duration cursorLife) {
        api.searchLimits(walkMax, cursorLife.toNanos());
    }

    /** This sandbox's organisation, as {@code GET /me/} tells it: new with each sandbox. */
    public String organizationId() {
        return organizationId;
    }

    public String closeBaseUrl() {
        return baseUrl() + API_PREFIX;
    }

    /** {@code http://127.0.0.1:PORT}; the paged CRM lives at {@code <baseUrl>/api/v1/leads}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The bound port once started, else the port asked for. */
    public int port() {
        int bound = boundPort;
        return bound != 0 ? bound : requestedPort;
    }

    /** Requires Basic auth with this key as user name and an empty password (or a Bearer token, if one is set). */
    public SandboxCrm requireApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** Requires {@code Authorization: Bearer <token>} (or the API key, if one is set). */
    public SandboxCrm requireToken(String token) {
        this.token = token;
        return this;
    }

    /** Requests per second per endpoint group (e.g. {@code "POST /lead/"}); 0 means unlimited. */
    public SandboxCrm rateLimit(int requestsPerSecond) {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("requestsPerSecond must not be negative");
        }
        this.rateLimit = requestsPerSecond;
        return this;
    }

    /** The shape of the per-key limit: an announced one-second window (the default) or a silent token bucket. */
    public SandboxCrm limiter(Limiter limiter) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        return this;
    }

    /**
     * A second, hidden limit per endpoint group, as Close's organisation-wide one (shared with every other
     * integration of the organisation): a token bucket that announces nothing until it refuses; 0 means none.
     */
    public SandboxCrm organizationRateLimit(int requestsPerSecond) {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("requestsPerSecond must not be negative");
        }
        this.organizationRateLimit = requestsPerSecond;
        return this;
    }

    public SandboxCrm rateLimitForm(RateLimitForm form) {
        this.rateLimitForm = Objects.requireNonNull(form, "form");
        return this;
    }

    /** Delay added to every request before it is answered. */
    public SandboxCrm latencyMillis(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latencyMillis = ms;
        return this;
    }

    /** Largest {@code _skip} GET /lead/ accepts before answering 400 "... max_skip = N ...". */
    public SandboxCrm maxSkip(int maxSkip) {
        if (maxSkip < 0) {
            throw new IllegalArgumentException("maxSkip must not be negative");
        }
        this.maxSkip = maxSkip;
        return this;
    }

    public Faults faults() {
        return faults;
    }

    /** Every stored lead in creation order, each as GET /lead/{id}/ returns it. */
    public List<Map<String, Object>> leads() {
        List<Map<String, Object>> leads = new ArrayList<>();
        store.slice(null, false, 0, Integer.MAX_VALUE).leads().forEach(lead -> leads.add(store.render(lead)));
        return leads;
    }

    public int leadCount() {
        return store.size();
    }

    /**
     * Validates and stores a lead exactly as POST /lead/ does, for seeding.
     *
     * @throws ValidationException (an IllegalArgumentException) carrying Close's field errors
     */
    /** Changes a lead as {@code PUT /lead/{id}/} does (its date_updated moves), without going over HTTP. */
    public Map<String, Object> updateLead(String id, Map<String, Object> changes) {
        return store.update(id, changes).orElseThrow(() -> new IllegalArgumentException("no lead " + id));
    }

    public Map<String, Object> createLead(Map<String, Object> payload) {
        return store.create(payload);
    }

    /** Adds a lead status (or finds it by label) and returns its {@code stat_} id. */
    public String addStatus(String label) {
        return catalog.addStatus(label);
    }

    /** Adds a lead custom field (or finds it by name) and returns its {@code cf_} id. */
    public String addCustomField(String name, String type) {
        return catalog.addCustomField(name, type);
    }

    /** Status label to id, in Close's order (the first is the default). */
    public Map<String, String> statusIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        catalog.statuses().forEach(status -> ids.put(status.label(), status.id()));
        return ids;
    }

    /** Custom field name to {@code cf_} id. */
    public Map<String, String> customFieldIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        catalog.customFields().forEach(field -> ids.put(field.name(), field.id()));
        return ids;
    }

    /** Requests seen for one group, e.g. {@code "POST /lead/"} or {@code "GET /lead/{id}/"}, 401s and 429s included. */
    public int requestCount(String group) {
        AtomicInteger count = requestCounts.get(group);
        return count == null ? 0 : count.get();
    }

    public int rateLimitedCount() {
        return rateLimited.get();
    }

    /** The most API requests that were being answered at once (latency included) since start or reset. */
    public int mostRequestsInFlight() {
        return mostInFlight.get();
    }

    public int requestCountTotal() {
        return totalRequests.get();
    }

    /** Forgets leads, counters, rate windows and queued faults; keeps statuses, custom fields, auth and limits. */
    public void reset() {
        store.clear();
        faults.clear();
        windows.clear();
        buckets.clear();
        organizationBuckets.clear();
        requestCounts.clear();
        totalRequests.set(0);
        rateLimited.set(0);
        mostInFlight.set(0);
    }

    private void handle(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            ApiRequest request = ApiRequest.of(method, path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body);
            if (path.startsWith(BulkExports.DOWNLOAD_PREFIX)) { // a signed link: no API key, not rate limited
                totalRequests.incrementAndGet();
                requestCounts.computeIfAbsent("GET " + BulkExports.DOWNLOAD_PREFIX, group -> new AtomicInteger()).incrementAndGet();
                bulk.download(exchange, path);
                return;
            }
            Router.Route route = path.startsWith(API_PREFIX + "/")
                    ? router.route(method, path.substring(API_PREFIX.length()))
                    : Router.notFound(method, path);
            totalRequests.incrementAndGet();
            requestCounts.computeIfAbsent(route.group(), group -> new AtomicInteger()).incrementAndGet();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                send(exchange, answer(route, request, exchange.getRequestHeaders().getFirst("Authorization")));
            } finally {
                inFlight.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: drop the exchange
        } catch (IOException e) {
            // the client went away; nothing to answer
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sandbox CRM failed on " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath(), e);
            trySend(exchange, Reply.error(500, "Internal server error"));
        } finally {
            exchange.close();
        }
    }

    private Reply answer(Router.Route route, ApiRequest request, String authorization) throws InterruptedException {
        long latency = latencyMillis;
        if (latency > 0) {
            Thread.sleep(latency);
        }
        if (!authorized(authorization)) {
            return Reply.error(401, "Unauthorized: send the API key as Basic auth user name with an empty"
                    + " password, or a Bearer token").withHeader("WWW-Authenticate", "Basic realm=\"api\"");
        }
        long now = System.nanoTime();
        int limit = rateLimit;
        RateLimitWindow.Decision announced = null;
        if (limit > 0) {
            RateLimitWindow.Decision decision = limiter == Limiter.WINDOW
                    ? windows.computeIfAbsent(route.group(), group -> new RateLimitWindow()).acquire(limit, now)
                    : buckets.computeIfAbsent(route.group(), group -> new TokenBucket(limit, now)).acquire(now);
            if (!decision.allowed()) {
                return tooManyRequests(decision);
            }
            announced = limiter == Limiter.WINDOW ? decision : null;
        }
        int organizationLimit = organizationRateLimit;
        if (organizationLimit > 0) {
            RateLimitWindow.Decision decision = organizationBuckets
                    .computeIfAbsent(route.group(), group -> new TokenBucket(organizationLimit, now)).acquire(now);
            if (!decision.allowed()) {
                return tooManyRequests(decision);
            }
        }
        Reply reply = applyFault(route, request);
        if (announced == null || reply.status() == 429 || reply == Reply.NONE) {
            return reply;
        }
        return reply.withHeader("RateLimit", announced.header(separator()));
    }

    private Reply applyFault(Router.Route route, ApiRequest request) throws InterruptedException {
        Fault fault = faults.next(route.faultKey(), request.body());
        if (fault == null) {
            return dispatch(route, request);
        }
        return switch (fault) {
            case STATUS_503 -> Reply.error(503, "Service temporarily unavailable, please retry");
            case STATUS_500 -> Reply.error(500, "Internal server error");
            case STATUS_400 -> Reply.validation(java.util.List.of(),
                    Map.of("contacts.0.emails.0.email", "This email address is on the organization's blocklist."));
            case STATUS_401 -> Reply.error(401, "The API key was revoked.");
            case STATUS_504 -> gatewayTimeout();
            case STATUS_429 -> tooManyRequests(new RateLimitWindow.Decision(false,
                    rateLimit > 0 ? rateLimit : UNLIMITED_REPORTED_LIMIT, 0, FAULT_RESET_NANOS));
            case CREATED_THEN_502 -> {
                dispatch(route, request); // the work happens; only the answer is lost
                yield Reply.html(502, "<html><head><title>502 Bad Gateway</title></head><body>"
                        + "<h1>502 Bad Gateway</h1></body></html>");
            }
            case CREATED_THEN_CLOSE -> {
                dispatch(route, request);
                yield Reply.NONE;
            }
            case CREATED_THEN_TIMEOUT -> {
                Reply late = dispatch(route, request);
                if (closing.await(HANG_SECONDS, TimeUnit.SECONDS)) {
                    throw new InterruptedException("sandbox closing");
                }
                yield late;
            }
            case HANG -> {
                if (closing.await(HANG_SECONDS, TimeUnit.SECONDS)) {
                    throw new InterruptedException("sandbox closing");
                }
                yield gatewayTimeout();
            }
        };
    }

    private static Reply dispatch(Router.Route route, ApiRequest request) {
        if (route.failure() != null) {
            return route.failure();
        }
        try {
            return route.handler().handle(request.withPathParam(route.pathParam()));
        } catch (ApiException e) {
            return e.reply();
        } catch (ValidationException e) {
            return e.toReply();
        }
    }

    private Reply tooManyRequests(RateLimitWindow.Decision decision) {
        rateLimited.incrementAndGet();
        String reset = decision.resetSeconds().toPlainString();
        Reply plain = Reply.error(429, "API call count exceeded for this period; retry after " + reset + " s");
        return switch (rateLimitForm) {
            case RATELIMIT_COMMA -> plain.withHeader("RateLimit", decision.header(", "));
            case RATELIMIT_SEMICOLON -> plain.withHeader("RateLimit", decision.header("; "));
            case RETRY_AFTER -> plain.withHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            case RATELIMIT_RESET -> plain.withHeader("RateLimit-Reset", reset);
            case LEGACY_BODY -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("rate_reset", decision.resetSeconds());
                error.put("rate_limit", decision.limit());
                error.put("rate_window", 1);
                error.put("message", "API call count exceeded for this period");
                yield Reply.json(429, Map.of("error", error));
            }
            case NO_BODY -> Reply.empty(429).withHeader("RateLimit", decision.header(", "));
        };
    }

    private String separator() {
        return rateLimitForm == RateLimitForm.RATELIMIT_SEMICOLON ? "; " : ", ";
    }

    private static Reply gatewayTimeout() {
        return Reply.html(504, "<html><head><title>504 Gateway Time-out</title></head><body>"
                + "<h1>504 Gateway Time-out</h1></body></html>");
    }

    private boolean authorized(String authorization) {
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

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply == Reply.NONE) {
            return; // closing the exchange unanswered closes the connection
        }
        Headers headers = exchange.getResponseHeaders();
        if (reply.contentType() != null) {
            headers.set("Content-Type", reply.contentType());
        }
        reply.headers().forEach(headers::set);
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void trySend(HttpExchange exchange, Reply reply) {
        try {
            send(exchange, reply);
        } catch (IOException | RuntimeException e) {
            // headers may already be out; the exchange is closed by the caller
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
