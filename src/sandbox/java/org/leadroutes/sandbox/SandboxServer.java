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
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's HTTP server on 127.0.0.1 and its lifecycle: binds, answers on a pool of daemon threads, stops.
 * Each exchange is read into an {@link ApiRequest}, counted, and sent where its path says: a bulk export's
 * signed download link straight to {@link BulkExports}, anything under {@value #API_PREFIX} through the
 * {@link Router} and the {@link RequestPipeline}; the {@link Reply} is then written back.
 */
final class SandboxServer {
    static final String API_PREFIX = "/api/v1";

    private static final System.Logger LOG = System.getLogger(SandboxCrm.class.getName()); // the sandbox's logger
    private static final int THREADS = 64; // so latency and HANG do not serialise concurrent clients
    private static final long IDLE_SECONDS = 30;
    private static final int BACKLOG = 1024;

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
        // the client's delayed ACK adds ~40 ms to every answer, which no real CRM does. Read once,
        // when the JDK's server classes load, so it is set before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final int requestedPort;
    private final Router router;
    private final RequestPipeline pipeline;
    private final BulkExports bulk;
    private final Traffic traffic;

    private HttpServer server; // guarded by this
    private ExecutorService executor; // guarded by this
    private volatile int boundPort;

    /** @param port the loopback port to bind, 0 for an ephemeral one */
    SandboxServer(int port, Router router, RequestPipeline pipeline, BulkExports bulk, Traffic traffic) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.requestedPort = port;
        this.router = router;
        this.pipeline = pipeline;
        this.bulk = bulk;
        this.traffic = traffic;
    }

    /** Binds 127.0.0.1 and starts answering. */
    synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("sandbox CRM already started");
        }
        AtomicInteger threadNumber = new AtomicInteger();
        // up to THREADS at once; a thread idle for IDLE_SECONDS ends, so an idle sandbox holds none (each holds its
        // stack and, in glibc, a share of the malloc arenas: 64 of them were most of an idle service's threads)
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(THREADS, THREADS,
                IDLE_SECONDS, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "sandbox-crm-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true); // a forgotten close() must not keep the JVM alive
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
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
    }

    /** Stops at once, interrupting the worker threads. */
    synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** The bound port once started, else the port asked for. */
    int port() {
        int bound = boundPort;
        return bound != 0 ? bound : requestedPort;
    }

    private void handle(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            ApiRequest request = ApiRequest.of(method, path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body);
            if (path.startsWith(BulkExports.DOWNLOAD_PREFIX)) { // a signed link: no API key, not rate limited
                traffic.count("GET " + BulkExports.DOWNLOAD_PREFIX);
                bulk.download(exchange, path);
                return;
            }
            Router.Route route = path.startsWith(API_PREFIX + "/")
                    ? router.route(method, path.substring(API_PREFIX.length()))
                    : Router.notFound(method, path);
            traffic.count(route.group());
            traffic.entered();
            try {
                send(exchange, pipeline.answer(route, request, exchange.getRequestHeaders().getFirst("Authorization")));
            } finally {
                traffic.left();
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
