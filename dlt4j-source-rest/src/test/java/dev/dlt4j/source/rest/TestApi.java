package dev.dlt4j.source.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@link HttpServer}) for the tests: handlers by path prefix,
 * every request recorded (method, path, query, headers, body, arrival time).
 */
final class TestApi implements AutoCloseable {
    /** A request as the server saw it. */
    record Seen(String method, String path, Map<String, String> query, Map<String, List<String>> headers, String body,
            long nanos) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** What a handler answers. */
    record Reply(int status, Map<String, String> headers, String body) {
        static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body);
        }

        static Reply status(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body);
        }

        Reply header(String k, String v) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(k, v);
            return new Reply(status, h, body);
        }
    }

    interface Handler {
        /** The reply, or null when the handler wrote to the exchange itself (e.g. dropped the connection). */
        Reply handle(Seen request, HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<String> contexts = Collections.synchronizedList(new ArrayList<>());

    TestApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Removes every handler and forgets the requests seen, so that one server serves a whole test class. */
    void reset() {
        synchronized (contexts) {
            contexts.forEach(server::removeContext);
            contexts.clear();
        }
        seen.clear();
    }

    TestApi on(String pathPrefix, Handler handler) {
        contexts.add(pathPrefix);
        server.createContext(pathPrefix, exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Seen s = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        query(exchange.getRequestURI().getRawQuery()), Map.copyOf(exchange.getRequestHeaders()), body,
                        System.nanoTime());
                seen.add(s);
                Reply r = handler.handle(s, exchange);
                if (r != null) {
                    r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                    byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
                    if (bytes.length > 0) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(bytes);
                        }
                    }
                }
            } catch (IOException e) {
                // the client went away, or a handler dropped the connection on purpose
            } catch (RuntimeException e) {
                e.printStackTrace();
                throw e;
            }
        });
        return this;
    }

    /** Answers with a declared length longer than what it writes, then closes: the client sees the connection drop mid-page. */
    static void dropMidPage(HttpExchange exchange, String partialBody) throws IOException {
        byte[] bytes = partialBody.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length + 1000);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes);
        out.flush();
        // closing the exchange now ends the response short of its declared length
        try {
            exchange.close();
        } catch (RuntimeException e) {
            // the server complains that fewer bytes were written than declared: that is the point
        }
    }

    List<Seen> requests(String path) {
        synchronized (seen) {
            return seen.stream().filter(s -> s.path().equals(path)).toList();
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String p : raw.split("&")) {
            int i = p.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? p : p.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
