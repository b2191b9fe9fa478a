package io.meshloop.actuators.consul;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A local Consul config-entry API on 127.0.0.1 (random port), following Consul's documented
 * semantics: entries stored by kind and name, a global raft-like index bumped by every write,
 * {@code CreateIndex}/{@code ModifyIndex} on each entry, {@code GET /v1/config/<Kind>/<Name>} (404
 * when absent), {@code PUT /v1/config[?cas=<index>]} answering {@code true}/{@code false} ({@code
 * cas=0}: only if absent). Faults can be injected: HTTP errors for the next requests, and a
 * concurrent writer that changes an entry just before the next CAS write.
 */
final class FakeConsul implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, ObjectNode> entries = new TreeMap<>();
    private final Deque<Integer> faults = new ArrayDeque<>();
    private Consumer<ObjectNode> racer;
    private Integer writeFault;
    private long index = 10;
    private int writes;

    FakeConsul() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/config", this::handle);
        server.start();
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} requests answer {@code status}. */
    synchronized void failNext(int status, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(status);
        }
    }

    /** The next write answers {@code status} with Consul's validation message. */
    synchronized void failNextWrite(int status) {
        writeFault = status;
    }

    /** Before the next CAS write, another writer applies {@code edit} to the stored entry. */
    synchronized void raceNextWrite(Consumer<ObjectNode> edit) {
        racer = edit;
    }

    /** Writes an entry directly (no CAS), as a person or another tool would. */
    synchronized void seed(ObjectNode entry) {
        store(entry.deepCopy());
    }

    synchronized ObjectNode entry(String kind, String name) {
        ObjectNode e = entries.get(kind + "/" + name);
        return e == null ? null : e.deepCopy();
    }

    /** Kind/name to ModifyIndex. */
    synchronized Map<String, String> versions() {
        Map<String, String> out = new TreeMap<>();
        entries.forEach((k, v) -> out.put(k, v.path("ModifyIndex").asText()));
        return out;
    }

    /** Successful writes so far. */
    synchronized int writes() {
        return writes;
    }

    private synchronized void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!faults.isEmpty()) {
                int status = faults.poll();
                reply(x, status, "injected " + status);
                return;
            }
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            if (method.equals("GET") && path.startsWith("/v1/config/")) {
                String[] parts = path.substring("/v1/config/".length()).split("/");
                ObjectNode e = parts.length == 2 ? entries.get(parts[0] + "/" + parts[1]) : null;
                if (e == null) {
                    reply(x, 404, "Config entry not found for " + path);
                } else {
                    reply(x, 200, JSON.writeValueAsString(e));
                }
                return;
            }
            if (method.equals("PUT") && path.equals("/v1/config")) {
                if (writeFault != null) {
                    reply(x, writeFault, "Invalid config entry: injected");
                    writeFault = null;
                    return;
                }
                ObjectNode body = (ObjectNode) JSON.readTree(x.getRequestBody().readAllBytes());
                if (!body.hasNonNull("Kind") || !body.hasNonNull("Name")) {
                    reply(x, 400, "Kind and Name are required");
                    return;
                }
                String key = body.get("Kind").asText() + "/" + body.get("Name").asText();
                Long cas = cas(x.getRequestURI().getRawQuery());
                if (cas != null && racer != null) {
                    ObjectNode raced = entries.get(key);
                    if (raced != null) {
                        raced = raced.deepCopy();
                        racer.accept(raced);
                        store(raced);
                    }
                    racer = null;
                }
                ObjectNode current = entries.get(key);
                boolean ok =
                        cas == null
                                || (cas == 0 && current == null)
                                || (cas != 0
                                        && current != null
                                        && current.path("ModifyIndex").asLong() == cas);
                if (ok) {
                    store(body);
                }
                reply(x, 200, Boolean.toString(ok));
                return;
            }
            reply(x, 405, "method not allowed");
        }
    }

    private void store(ObjectNode e) {
        String key = e.get("Kind").asText() + "/" + e.get("Name").asText();
        ObjectNode before = entries.get(key);
        index++;
        e.put("CreateIndex", before == null ? index : before.path("CreateIndex").asLong());
        e.put("ModifyIndex", index);
        entries.put(key, e);
        writes++;
    }

    private static Long cas(String query) {
        if (query == null) {
            return null;
        }
        for (String p : query.split("&")) {
            if (p.startsWith("cas=")) {
                return Long.parseLong(p.substring(4));
            }
        }
        return null;
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
