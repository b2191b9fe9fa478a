package io.meshloop.schemas.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshloop.schemas.policy.YamlNode.Entry;
import io.meshloop.schemas.policy.YamlNode.ListNode;
import io.meshloop.schemas.policy.YamlNode.MapNode;
import io.meshloop.schemas.policy.YamlNode.Scalar;
import io.meshloop.schemas.policy.YamlNode.ScalarType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into {@link YamlNode}s with Jackson's streaming YAML parser, keeping the
 * {@link JsonLocation} line of every key and value. Data binding is deliberately not used: it stops
 * at the first problem and forgets where values came from.
 *
 * <p>Duplicate keys are reported (YAML forbids them; the parser keeps the last silently), the first
 * value is kept.
 */
final class YamlTree {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final Problems problems;
    private JsonParser parser;

    private YamlTree(Problems problems) {
        this.problems = problems;
    }

    /**
     * Parses {@code text}; returns null when it is not well-formed YAML or is empty (both
     * reported).
     */
    static YamlNode parse(String text, Problems problems) {
        return new YamlTree(problems).parseDocument(text);
    }

    private YamlNode parseDocument(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.add(1, "", null, "the file is empty", "a PolicySet document");
                return null;
            }
            YamlNode root = value(first, "");
            JsonToken next = p.nextToken();
            if (next != null) {
                problems.add(
                        line(p.currentTokenLocation()),
                        "",
                        null,
                        "a second YAML document starts here",
                        "one PolicySet per file");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(
                    at == null ? 1 : line(at),
                    "",
                    null,
                    "is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""),
                    null);
            return null;
        } catch (IOException e) {
            problems.add(1, "", null, "could not be read: " + e.getMessage(), null);
            return null;
        }
    }

    private YamlNode value(JsonToken token, String path) throws IOException {
        int line = line(parser.currentTokenLocation());
        switch (token) {
            case START_OBJECT:
                return map(line, path);
            case START_ARRAY:
                return list(line, path);
            case VALUE_STRING:
                return new Scalar(line, parser.getText(), ScalarType.STRING);
            case VALUE_NUMBER_INT:
                return new Scalar(line, parser.getText(), ScalarType.INT);
            case VALUE_NUMBER_FLOAT:
                return new Scalar(line, parser.getText(), ScalarType.FLOAT);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Scalar(line, parser.getText(), ScalarType.BOOL);
            case VALUE_NULL:
                return new Scalar(line, null, ScalarType.NULL);
            default:
                // VALUE_EMBEDDED_OBJECT (binary, !!timestamp...): keep the text, let readers say
                // no.
                return new Scalar(line, parser.getText(), ScalarType.STRING);
        }
    }

    private MapNode map(int line, String path) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line(parser.currentTokenLocation());
            String childPath = Problems.child(path, key);
            YamlNode child = value(parser.nextToken(), childPath);
            if (entries.containsKey(key)) {
                problems.add(
                        keyLine,
                        childPath,
                        key,
                        "is a duplicate key (first at line " + entries.get(key).keyLine() + ")",
                        "each key once per mapping");
            } else {
                entries.put(key, new Entry(key, keyLine, child));
            }
        }
        return new MapNode(line, Collections.unmodifiableMap(entries));
    }

    private ListNode list(int line, String path) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            items.add(value(t, path + "[" + items.size() + "]"));
        }
        return new ListNode(line, List.copyOf(items));
    }

    private static int line(JsonLocation location) {
        return Math.max(1, location.getLineNr());
    }
}
