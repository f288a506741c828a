package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process CRM on loopback that speaks the subset of the Close API the routes use (under
 * {@link #closeBaseUrl()}) plus a page-numbered CRM ({@code GET <baseUrl>/api/v1/leads}), with switchable
 * auth, per-endpoint-group rate limits, latency and faults. Every request passes, in order: latency, auth,
 * rate limit, queued fault, handler.
 *
 * <p>This class is the sandbox as tests and the application see it: it assembles the parts and is their one
 * control surface. The parts, each one concern: {@link SandboxServer} (HTTP on 127.0.0.1, start and stop),
 * {@link RequestPipeline} (the order above, and the latency), {@link Authentication}, {@link RateLimits},
 * {@link Faults} (what to inject) and {@link FaultInjection} (what an injected fault does), {@link Traffic}
 * (request counts); the data in {@link LeadStore} and {@link Catalog}; the endpoints in {@link CloseApi},
 * {@link AdvancedFiltering}, {@link BulkExports} and {@link PagedLeadView}.
 */
public final class SandboxCrm implements AutoCloseable {
    private final String organizationId;
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();
    private final Catalog catalog;
    private final java.nio.file.Path dataFile;
    private final LeadStore store;
    private final EventLog events;
    private final CloseApi api;
    private final AdvancedFiltering search;
    private final BulkExports bulk;
    private final Faults faults = new Faults();
    private final Authentication authentication = new Authentication();
    private final RateLimits rateLimits = new RateLimits();
    private final FaultInjection faultInjection = new FaultInjection(faults, rateLimits, this::closeBaseUrl);
    private final RequestPipeline pipeline = new RequestPipeline(authentication, rateLimits, faultInjection);
    private final Traffic traffic = new Traffic();
    private final SandboxServer server;

    public SandboxCrm() {
        this(0);
    }

    /** @param port the loopback port to bind, 0 for an ephemeral one */
    public SandboxCrm(int port) {
        this(port, null, null);
    }

    /**
     * A sandbox that keeps its organisation, statuses, custom fields and leads in {@code dataFile} across
     * restarts: read now when the file exists, written when it closes.
     *
     * @param port the loopback port to bind; 0: the port it had when it was saved, if that is free, else any
     */
    public static SandboxCrm persisted(int port, java.nio.file.Path dataFile) {
        SandboxData saved = java.nio.file.Files.exists(dataFile) ? SandboxData.read(dataFile) : null;
        int bind = port;
        if (bind == 0 && saved != null && saved.port() > 0 && free(saved.port())) {
            bind = saved.port();
        }
        return new SandboxCrm(bind, dataFile, saved);
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private SandboxCrm(int port, java.nio.file.Path dataFile, SandboxData saved) {
        this.dataFile = dataFile;
        this.organizationId = saved != null && saved.organizationId() != null ? saved.organizationId() : Ids.next("orga_");
        this.catalog = saved != null ? Catalog.restored(saved.statuses(), saved.customFields()) : Catalog.withDefaults();
        LeadValidator validator = new LeadValidator(catalog, () -> Timestamps.format(clock.instant()));
        this.events = new EventLog(() -> Timestamps.format(clock.instant()), organizationId);
        this.store = new LeadStore(validator, new LeadCodec(catalog),
                new LeadRenderer(catalog, organizationId, this::closeBaseUrl), events);
        Router router = new Router();
        this.api = new CloseApi(store, catalog, organizationId);
        api.register(router);
        this.search = new AdvancedFiltering(store);
        search.register(router);
        this.bulk = new BulkExports(store, this::baseUrl); // asked only while answering, so the bound port
        bulk.register(router);
        new PagedLeadView(store, catalog).register(router);
        events.register(router);
        this.server = new SandboxServer(port, router, pipeline, bulk, traffic);
        if (saved != null) {
            saved.leads().forEach(store::restore);
            events.restore(saved.events());
        }
    }

    /** The data file it keeps its leads in across restarts, or null (memory only). */
    public java.nio.file.Path dataFile() {
        return dataFile;
    }

    // --- the server: start, stop, where it answers

    /** Binds 127.0.0.1 and starts answering. */
    public SandboxCrm start() {
        server.start();
        return this;
    }

    /** Stops at once: in-flight HANG faults are released and the worker threads interrupted. */
    @Override
    public void close() {
        faultInjection.releaseHangs();
        server.close();
        if (dataFile != null) {
            new SandboxData(organizationId, port(), catalog.statuses(), catalog.customFields(), store.stored(),
                    events.stored())
                    .write(dataFile);
        }
    }

    /** Close style base, e.g. {@code http://127.0.0.1:PORT/api/v1}; paths are {@code /lead/}, {@code /contact/} ... */
    public String closeBaseUrl() {
        return baseUrl() + SandboxServer.API_PREFIX;
    }

    /** {@code http://127.0.0.1:PORT}; the paged CRM lives at {@code <baseUrl>/api/v1/leads}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The bound port once started, else the port asked for. */
    public int port() {
        return server.port();
    }

    /** This sandbox's organisation, as {@code GET /me/} tells it: new with each sandbox. */
    public String organizationId() {
        return organizationId;
    }

    // --- how it answers: auth, rate limits, latency, Close's limits

    /** Requires Basic auth with this key as user name and an empty password (or a Bearer token, if one is set). */
    public SandboxCrm requireApiKey(String key) {
        authentication.requireApiKey(key);
        return this;
    }

    /** Requires {@code Authorization: Bearer <token>} (or the API key, if one is set). */
    public SandboxCrm requireToken(String token) {
        authentication.requireToken(token);
        return this;
    }

    /** Requests per second per endpoint group (e.g. {@code "POST /lead/"}); 0 means unlimited. */
    public SandboxCrm rateLimit(int requestsPerSecond) {
        rateLimits.rateLimit(requestsPerSecond);
        return this;
    }

    /** The shape of the per-key limit: an announced one-second window (the default) or a silent token bucket. */
    public SandboxCrm limiter(Limiter limiter) {
        rateLimits.limiter(limiter);
        return this;
    }

    /**
     * A second, hidden limit per endpoint group, as Close's organisation-wide one (shared with every other
     * integration of the organisation): a token bucket that announces nothing until it refuses; 0 means none.
     */
    public SandboxCrm organizationRateLimit(int requestsPerSecond) {
        rateLimits.organizationRateLimit(requestsPerSecond);
        return this;
    }

    /**
     * The rate limits' time moves on by {@code perRequest} with each request of an endpoint group, instead of with
     * the real clock: which requests a limit refuses then follows from their order alone, however fast or slow the
     * machine (a client's waits move it no further). {@link java.time.Duration#ZERO}: the real clock, the default.
     */
    public SandboxCrm rateLimitStep(java.time.Duration perRequest) {
        rateLimits.stepPerRequest(perRequest.toNanos());
        return this;
    }

    public SandboxCrm rateLimitForm(RateLimitForm form) {
        rateLimits.rateLimitForm(form);
        return this;
    }

    /** Delay added to every request before it is answered. */
    public SandboxCrm latencyMillis(long ms) {
        pipeline.latencyMillis(ms);
        return this;
    }

    /** Largest {@code _skip} GET /lead/ accepts before answering 400 "... max_skip = N ...". */
    public SandboxCrm maxSkip(int maxSkip) {
        api.maxSkip(maxSkip);
        return this;
    }

    /** How far one Advanced Filtering cursor walk goes, and how long a cursor lives (Close: 10,000 and about 30 s). */
    public void searchLimits(int walkMax, java.time.Duration cursorLife) {
        search.searchLimits(walkMax, cursorLife.toNanos());
    }

    /**
     * The bulk export's pace: polls of {@code GET /export/{id}/} before a job is done, and how long a download
     * link lives once handed out (Close: about a minute).
     */
    public void bulkExports(int pollsUntilDone, java.time.Duration linkLife) {
        bulk.settings(pollsUntilDone, linkLife.toNanos());
    }

    // --- what goes wrong, and when: faults, expiries, the clock

    public Faults faults() {
        return faults;
    }

    /** The next bulk export job ends in {@code error}. */
    public void failNextBulkExport() {
        bulk.failNext();
    }

    /** The next download link handed out has expired by the time it is used. */
    public void expireNextDownloadLink() {
        bulk.expireNextLink();
    }

    /** The file host answers {@code status} to the next {@code times} bulk export downloads. */
    public void failNextDownloads(int times, int status) {
        bulk.failNextDownloads(times, status);
    }

    /** The next {@code times} bulk export downloads break off halfway through their file. */
    public void cutNextDownloads(int times) {
        bulk.cutNextDownloads(times);
    }

    /** A bulk export's download link answers 403 once used: its minute ran out while its first download was read. */
    public void linksLiveForOneUse() {
        bulk.linksLiveForOneUse();
    }

    /** The next Advanced Filtering cursor handed out has expired by the time it comes back. */
    public void expireNextCursor() {
        search.expireNextCursor();
    }

    /**
     * The clock leads and contacts are created and changed by: a fixed clock gives many leads one
     * {@code date_updated}, as a bulk update in Close does.
     */
    public void clock(java.time.Clock clock) {
        this.clock = clock;
    }

    // --- the data: leads, statuses, custom fields

    /** Every stored lead in creation order, each as GET /lead/{id}/ returns it. */
    public List<Map<String, Object>> leads() {
        List<Map<String, Object>> leads = new ArrayList<>();
        store.slice(null, false, 0, Integer.MAX_VALUE).leads().forEach(lead -> leads.add(store.render(lead)));
        return leads;
    }

    public int leadCount() {
        return store.size();
    }

    /** Changes a lead as {@code PUT /lead/{id}/} does (its date_updated moves), without going over HTTP. */
    public Map<String, Object> updateLead(String id, Map<String, Object> changes) {
        return store.update(id, changes).orElseThrow(() -> new IllegalArgumentException("no lead " + id));
    }

    /** Deletes a lead with its contacts as {@code DELETE /lead/{id}/} does (a {@code deleted} event); false when none. */
    public boolean deleteLead(String id) {
        return store.delete(id).isPresent();
    }

    /**
     * Merges {@code source} into {@code destination} as {@code POST /lead/merge/} does: the source's contacts move,
     * the source is gone, a {@code merged} event names both.
     *
     * @throws ValidationException when either lead does not exist, or they are one lead
     */
    public void mergeLeads(String source, String destination) {
        store.merge(source, destination);
    }

    /** How many events {@code GET /event/} can still list (the last 30 days on the sandbox's clock). */
    public int eventCount() {
        return events.size();
    }

    /**
     * Validates and stores a lead exactly as POST /lead/ does, for seeding.
     *
     * @throws ValidationException (an IllegalArgumentException) carrying Close's field errors
     */
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

    /** Adds a lead custom field of type {@code choices} with these options (or finds it by name); its {@code cf_} id. */
    public String addChoicesField(String name, List<String> choices) {
        return catalog.addCustomField(name, "choices", choices);
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

    // --- what it was asked

    /** Requests seen for one group, e.g. {@code "POST /lead/"} or {@code "GET /lead/{id}/"}, 401s and 429s included. */
    public int requestCount(String group) {
        return traffic.requestCount(group);
    }

    public int rateLimitedCount() {
        return rateLimits.rateLimitedCount();
    }

    /**
     * Requests asked again (the same method, path, query and body) after a rate limit's 429, before the reset that
     * 429 announced had passed, on the real clock: a client that waits as told asks none.
     */
    public int askedTooSoonCount() {
        return rateLimits.askedTooSoonCount();
    }

    /** The most API requests that were being answered at once (latency included) since start or reset. */
    public int mostRequestsInFlight() {
        return traffic.mostInFlight();
    }

    public int requestCountTotal() {
        return traffic.total();
    }

    /**
     * Forgets leads, counters, rate windows (and their stepped time) and queued faults; keeps statuses, custom
     * fields, auth and limits.
     */
    public void reset() {
        store.clear();
        faults.clear();
        rateLimits.reset();
        traffic.reset();
    }
}
