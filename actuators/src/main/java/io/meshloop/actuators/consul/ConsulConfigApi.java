package io.meshloop.actuators.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshloop.actuators.MeshConflictException;
import io.meshloop.actuators.PermanentMeshException;
import io.meshloop.actuators.RetryableMeshException;
import io.meshloop.schemas.actuation.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Consul's config-entry HTTP API ({@code /v1/config}) with check-and-set writes.
 *
 * <ul>
 *   <li>{@link #get}: {@code GET /v1/config/<Kind>/<Name>}, null on 404;
 *   <li>{@link #write}: {@code PUT /v1/config?cas=<ModifyIndex>}, where {@code cas=0} creates only
 *       if absent; Consul answers {@code true}, or {@code false} when the entry changed (or
 *       appeared) since it was read, which becomes a {@link MeshConflictException}.
 * </ul>
 *
 * <p>Errors: no answer, 5xx and 429 are {@link RetryableMeshException}s; 400 (Consul's validation)
 * is {@link PermanentMeshException} REJECTED; anything else (401/403 ACL denied, ...) FAILED.
 */
public final class ConsulConfigApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final ConsulSettings settings;

    public ConsulConfigApi(HttpClient http, ConsulSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** The live entry, with its {@code CreateIndex}/{@code ModifyIndex}; null if absent. */
    public ObjectNode get(String kind, String name) {
        String what = "get " + kind + " " + name;
        HttpResponse<String> r =
                send(what, request("/v1/config/" + enc(kind) + "/" + enc(name)).GET().build());
        if (r.statusCode() == 404) {
            return null;
        }
        check(what, r);
        try {
            JsonNode n = JSON.readTree(r.body());
            if (!(n instanceof ObjectNode o)) {
                throw new PermanentMeshException(
                        Outcome.FAILED,
                        r.statusCode(),
                        what + ": not a JSON object: " + r.body(),
                        null);
            }
            return o;
        } catch (IOException e) {
            throw new PermanentMeshException(
                    Outcome.FAILED,
                    r.statusCode(),
                    what + ": unreadable answer: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Writes the entry if its {@code ModifyIndex} is still {@code casIndex} (0: only if absent).
     *
     * @throws MeshConflictException when Consul answers {@code false}
     */
    public void write(ObjectNode entry, long casIndex) {
        String what =
                "write "
                        + entry.path("Kind").asText()
                        + " "
                        + entry.path("Name").asText()
                        + " (cas="
                        + casIndex
                        + ")";
        ObjectNode body = entry.deepCopy();
        body.remove(ConsulEntries.SERVER_FIELDS);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(what, e);
        }
        HttpResponse<String> r =
                send(
                        what,
                        request("/v1/config?cas=" + casIndex)
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .header("Content-Type", "application/json")
                                .build());
        check(what, r);
        String answer = r.body() == null ? "" : r.body().strip();
        if (answer.equals("false")) {
            throw new MeshConflictException(
                    what + ": check-and-set failed, the entry changed since it was read", null);
        }
        if (!answer.equals("true")) {
            throw new PermanentMeshException(
                    Outcome.FAILED,
                    r.statusCode(),
                    what + ": unexpected answer '" + answer + "'",
                    null);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base() + path))
                        .timeout(settings.requestTimeout());
        if (settings.token() != null) {
            b.header("X-Consul-Token", settings.token());
        }
        return b;
    }

    private String base() {
        String s = settings.address().toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private HttpResponse<String> send(String what, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RetryableMeshException(what + ": no answer: " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableMeshException(what + ": interrupted", 0, e);
        }
    }

    private static void check(String what, HttpResponse<String> r) {
        int code = r.statusCode();
        if (code == 200) {
            return;
        }
        String message = what + ": HTTP " + code + " " + (r.body() == null ? "" : r.body().strip());
        if (code == 429 || code >= 500) {
            throw new RetryableMeshException(message, code, null);
        }
        throw new PermanentMeshException(
                code == 400 ? Outcome.REJECTED : Outcome.FAILED, code, message, null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
