package io.meshloop.actuators;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates objects against the published CRD schemas in {@code shared/crds/} (a sibling of the
 * repository), as the API server would structurally: schema defaults are applied first, unknown
 * fields are rejected (the API server would silently prune them, which for us means a setting that
 * never takes effect) except under {@code x-kubernetes-preserve-unknown-fields: true}, and {@code
 * x-kubernetes-int-or-string} accepts both. CEL rules ({@code x-kubernetes-validations}) are not
 * checked.
 *
 * <p>The directory is {@code -Dmeshloop.crds.dir} when set, else the first {@code shared/crds}
 * found walking up from the working directory.
 */
final class CrdSchemaValidator {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Lazily loaded once per test JVM: the CRD files are read-only test data. */
    private static CrdSchemaValidator shared;

    private final Map<String, JsonNode> schemas = new HashMap<>();
    private final Map<String, JsonSchema> compiled = new HashMap<>();
    private final JsonSchemaFactory factory =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

    static synchronized CrdSchemaValidator get() {
        if (shared == null) {
            shared = new CrdSchemaValidator(locate());
        }
        return shared;
    }

    CrdSchemaValidator(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
            for (Path f : files) {
                load(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CRDs in " + dir, e);
        }
        if (schemas.isEmpty()) {
            throw new IllegalStateException("no CustomResourceDefinition found in " + dir);
        }
    }

    static Path locate() {
        String configured = System.getProperty("meshloop.crds.dir");
        if (configured != null) {
            return Paths.get(configured);
        }
        Path start = Paths.get("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("crds");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "CRD schemas not found: no shared/crds directory in "
                        + start
                        + " or any parent (expected the shared/ folder beside the repository);"
                        + " set -Dmeshloop.crds.dir=...");
    }

    /** Validation errors of an object; empty when valid. */
    List<String> errors(HasMetadata object) {
        return errors(Manifests.tree(object));
    }

    /**
     * Validation errors of an object given as a JSON tree (e.g. a GitOps file); empty when valid.
     */
    List<String> errors(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String key = apiVersion + "/" + kind;
        JsonNode schema = schemas.get(key);
        if (schema == null) {
            return List.of(
                    "no CRD schema for "
                            + key
                            + " (known: "
                            + new TreeSet<>(schemas.keySet())
                            + ")");
        }
        JsonNode withDefaults = object.deepCopy();
        applyDefaults(schema, withDefaults);
        JsonSchema s =
                compiled.computeIfAbsent(
                        key, k -> factory.getSchema(strict(withObjectFields(schema.deepCopy()))));
        Set<ValidationMessage> messages = s.validate(withDefaults);
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : messages) {
            out.add(
                    key
                            + " "
                            + object.path("metadata").path("name").asText()
                            + ": "
                            + m.getMessage());
        }
        return out;
    }

    /** Throws naming every error when the object is invalid. */
    void assertValid(Object object) {
        List<String> errors =
                object instanceof JsonNode n ? errors(n) : errors((HasMetadata) object);
        if (!errors.isEmpty()) {
            throw new AssertionError(
                    "object violates its CRD schema:\n  " + String.join("\n  ", errors));
        }
    }

    private void load(Path file) throws IOException {
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
            Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode crd = docs.next();
                if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode v : crd.path("spec").path("versions")) {
                    JsonNode schema = v.path("schema").path("openAPIV3Schema");
                    if (!schema.isMissingNode()) {
                        schemas.put(group + "/" + v.path("name").asText() + "/" + kind, schema);
                    }
                }
            }
        }
    }

    /**
     * The schema made strict: every object schema with {@code properties} and without {@code
     * additionalProperties} or {@code x-kubernetes-preserve-unknown-fields} rejects other fields;
     * int-or-string loses its type.
     */
    private static JsonNode strict(JsonNode schema) {
        if (schema instanceof ObjectNode o) {
            if (o.path("x-kubernetes-int-or-string").asBoolean(false)) {
                o.remove("type");
            }
            boolean preserve = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (o.has("properties") && !o.has("additionalProperties") && !preserve) {
                o.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                strict(it.next().getValue());
            }
        } else if (schema instanceof ArrayNode a) {
            for (JsonNode n : a) {
                strict(n);
            }
        }
        return schema;
    }

    /**
     * Every object has apiVersion, kind and metadata, which the API server validates itself and
     * many CRD schemas leave out.
     */
    private static JsonNode withObjectFields(JsonNode schema) {
        ObjectNode props = ((ObjectNode) schema).withObjectProperty("properties");
        props.putIfAbsent("apiVersion", JSON.createObjectNode().put("type", "string"));
        props.putIfAbsent("kind", JSON.createObjectNode().put("type", "string"));
        props.putIfAbsent("metadata", JSON.createObjectNode().put("type", "object"));
        return schema;
    }

    /** Sets absent properties that have a schema default, recursively, like the API server. */
    private static void applyDefaults(JsonNode schema, JsonNode node) {
        if (node instanceof ObjectNode o) {
            JsonNode props = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!o.has(e.getKey()) && e.getValue().has("default")) {
                    o.set(e.getKey(), e.getValue().get("default").deepCopy());
                }
                if (o.has(e.getKey())) {
                    applyDefaults(e.getValue(), o.get(e.getKey()));
                }
            }
            JsonNode additional = schema.path("additionalProperties");
            if (additional.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    applyDefaults(additional, it.next().getValue());
                }
            }
        } else if (node instanceof ArrayNode a && schema.has("items")) {
            for (JsonNode n : a) {
                applyDefaults(schema.get("items"), n);
            }
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
