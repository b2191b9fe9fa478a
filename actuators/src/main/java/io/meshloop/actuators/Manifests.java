package io.meshloop.actuators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Conversions of Kubernetes objects: deep copies, comparable trees, and the canonical YAML of
 * GitOps files (keys sorted at every level, no nulls, no status, no server-set metadata), so the
 * same object always gives the same bytes. Stateless and thread-safe.
 */
public final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML =
            new ObjectMapper(
                    new YAMLFactory()
                            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    /** Metadata the server owns; never part of a manifest or of a comparison. */
    private static final List<String> SERVER_METADATA =
            List.of(
                    "resourceVersion",
                    "uid",
                    "generation",
                    "creationTimestamp",
                    "managedFields",
                    "selfLink");

    private Manifests() {}

    /** A deep copy. */
    public static <T> T copy(T object) {
        return SERIALIZATION.clone(object);
    }

    /** The object as a JSON tree, null fields dropped, keys sorted. */
    public static JsonNode tree(Object object) {
        JsonNode raw = SERIALIZATION.convertValue(object, JsonNode.class);
        return canonical(raw);
    }

    /**
     * The part of an object a reconcile compares: everything but status and server-owned metadata.
     */
    public static JsonNode content(HasMetadata object) {
        JsonNode t = tree(object);
        if (t instanceof ObjectNode o) {
            o.remove("status");
            JsonNode meta = o.get("metadata");
            if (meta instanceof ObjectNode m) {
                m.remove(SERVER_METADATA);
            }
        }
        return t;
    }

    /** The canonical YAML of an object: {@link #content} with sorted keys. */
    public static String yaml(HasMetadata object) {
        try {
            return YAML.writeValueAsString(content(object));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a YAML or JSON manifest into a typed object. */
    public static <T> T read(String manifest, Class<T> type) {
        return SERIALIZATION.unmarshal(manifest, type);
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                JsonNode child = canonical(node.get(name));
                if (!child.isNull()) {
                    out.set(name, child);
                }
            }
            return out;
        }
        if (node.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                out.add(canonical(it.next()));
            }
            return out;
        }
        return node;
    }
}
