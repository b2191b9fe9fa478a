package io.meshloop.schemas.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small JSON Schema (draft 2020-12) evaluator for tests, covering exactly the keywords {@code
 * policy.schema.json} uses. The build is offline and no schema validator is in the local
 * repository; this evaluator fails loudly on any keyword it does not implement, so the schema
 * cannot silently grow unchecked rules. Not a general implementation: only local {@code
 * #/$defs/...} references.
 */
final class MiniJsonSchema {

    private static final Set<String> ANNOTATIONS =
            Set.of("$schema", "$id", "$defs", "title", "description", "default", "examples");

    private final JsonNode root;

    MiniJsonSchema(JsonNode root) {
        this.root = root;
    }

    /** Every violation as "path: keyword", empty when {@code doc} is valid. */
    List<String> validate(JsonNode doc) {
        List<String> errors = new ArrayList<>();
        check(root, doc, "$", errors);
        return errors;
    }

    private boolean valid(JsonNode schema, JsonNode doc) {
        List<String> errors = new ArrayList<>();
        check(schema, doc, "$", errors);
        return errors.isEmpty();
    }

    private void check(JsonNode schema, JsonNode doc, String at, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.asBoolean()) {
                errors.add(at + ": false schema");
            }
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = schema.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> kw = it.next();
            JsonNode v = kw.getValue();
            String bad = at + ": " + kw.getKey();
            switch (kw.getKey()) {
                case "type" -> {
                    boolean ok = false;
                    for (JsonNode t : v.isArray() ? v : List.of(v)) {
                        ok |= hasType(doc, t.asText());
                    }
                    if (!ok) {
                        errors.add(bad + " " + v);
                    }
                }
                case "const" -> {
                    if (!v.equals(doc)) {
                        errors.add(bad);
                    }
                }
                case "enum" -> {
                    boolean ok = false;
                    for (JsonNode e : v) {
                        ok |= e.equals(doc);
                    }
                    if (!ok) {
                        errors.add(bad + " " + doc);
                    }
                }
                case "pattern" -> {
                    if (doc.isTextual()
                            && !Pattern.compile(v.asText()).matcher(doc.asText()).find()) {
                        errors.add(bad + " " + doc);
                    }
                }
                case "minLength" -> {
                    if (doc.isTextual()
                            && doc.asText().codePointCount(0, doc.asText().length()) < v.asInt()) {
                        errors.add(bad);
                    }
                }
                case "minimum" -> {
                    if (doc.isNumber() && doc.asDouble() < v.asDouble()) {
                        errors.add(bad);
                    }
                }
                case "maximum" -> {
                    if (doc.isNumber() && doc.asDouble() > v.asDouble()) {
                        errors.add(bad);
                    }
                }
                case "exclusiveMinimum" -> {
                    if (doc.isNumber() && doc.asDouble() <= v.asDouble()) {
                        errors.add(bad);
                    }
                }
                case "minItems" -> {
                    if (doc.isArray() && doc.size() < v.asInt()) {
                        errors.add(bad);
                    }
                }
                case "minProperties" -> {
                    if (doc.isObject() && doc.size() < v.asInt()) {
                        errors.add(bad);
                    }
                }
                case "maxProperties" -> {
                    if (doc.isObject() && doc.size() > v.asInt()) {
                        errors.add(bad);
                    }
                }
                case "required" -> {
                    for (JsonNode r : v) {
                        if (doc.isObject() && !doc.has(r.asText())) {
                            errors.add(bad + " " + r.asText());
                        }
                    }
                }
                case "properties" -> {
                    if (doc.isObject()) {
                        v.fields()
                                .forEachRemaining(
                                        p -> {
                                            if (doc.has(p.getKey())) {
                                                check(
                                                        p.getValue(),
                                                        doc.get(p.getKey()),
                                                        at + "." + p.getKey(),
                                                        errors);
                                            }
                                        });
                    }
                }
                case "additionalProperties" -> {
                    if (doc.isObject()) {
                        JsonNode props = schema.path("properties");
                        doc.fields()
                                .forEachRemaining(
                                        f -> {
                                            if (!props.has(f.getKey())) {
                                                check(
                                                        v,
                                                        f.getValue(),
                                                        at + "." + f.getKey(),
                                                        errors);
                                            }
                                        });
                    }
                }
                case "items" -> {
                    if (doc.isArray()) {
                        for (int i = 0; i < doc.size(); i++) {
                            check(v, doc.get(i), at + "[" + i + "]", errors);
                        }
                    }
                }
                case "$ref" -> check(resolve(v.asText()), doc, at, errors);
                case "allOf" -> v.forEach(s -> check(s, doc, at, errors));
                case "anyOf" -> {
                    boolean ok = false;
                    for (JsonNode s : v) {
                        ok |= valid(s, doc);
                    }
                    if (!ok) {
                        errors.add(bad);
                    }
                }
                case "not" -> {
                    if (valid(v, doc)) {
                        errors.add(bad);
                    }
                }
                case "if" -> {
                    if (valid(v, doc) && schema.has("then")) {
                        check(schema.get("then"), doc, at, errors);
                    }
                }
                case "then" -> {} // evaluated with "if"
                default -> {
                    if (!ANNOTATIONS.contains(kw.getKey())) {
                        throw new IllegalArgumentException("unsupported keyword " + kw.getKey());
                    }
                }
            }
        }
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/$defs/")) {
            throw new IllegalArgumentException("only local $defs refs are supported: " + ref);
        }
        JsonNode n = root.path("$defs").path(ref.substring("#/$defs/".length()));
        if (n.isMissingNode()) {
            throw new IllegalArgumentException("unresolved " + ref);
        }
        return n;
    }

    private static boolean hasType(JsonNode doc, String type) {
        return switch (type) {
            case "object" -> doc.isObject();
            case "array" -> doc.isArray();
            case "string" -> doc.isTextual();
            case "integer" ->
                    doc.isIntegralNumber()
                            || (doc.isNumber() && doc.asDouble() == Math.rint(doc.asDouble()));
            case "number" -> doc.isNumber();
            case "boolean" -> doc.isBoolean();
            case "null" -> doc.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }
}
