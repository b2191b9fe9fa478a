package io.meshloop.schemas.policy;

import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers the line it started on, so that every validation error can
 * name a line. Built by {@link YamlTree}; keys keep their document order.
 */
sealed interface YamlNode {

    /** 1-based line where the value starts. */
    int line();

    /** What the user wrote, for error messages. */
    String describe();

    /** A mapping; {@code entries} keep document order. */
    record MapNode(int line, Map<String, Entry> entries) implements YamlNode {
        @Override
        public String describe() {
            return entries.isEmpty() ? "{}" : "{...}";
        }
    }

    /** One key of a mapping, with the line of the key itself. */
    record Entry(String key, int keyLine, YamlNode value) {}

    /** A sequence. */
    record ListNode(int line, List<YamlNode> items) implements YamlNode {
        @Override
        public String describe() {
            return items.isEmpty() ? "[]" : "[...]";
        }
    }

    /** A scalar: {@code text} as written (null for a YAML null), and how YAML typed it. */
    record Scalar(int line, String text, ScalarType type) implements YamlNode {
        @Override
        public String describe() {
            return text == null ? "null" : text;
        }
    }

    /** How the YAML parser typed a scalar: {@code 30} is INT, {@code '30'} is STRING. */
    enum ScalarType {
        STRING,
        INT,
        FLOAT,
        BOOL,
        NULL
    }
}
