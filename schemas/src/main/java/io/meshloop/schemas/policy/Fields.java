package io.meshloop.schemas.policy;

import io.meshloop.schemas.policy.YamlNode.Entry;
import io.meshloop.schemas.policy.YamlNode.ListNode;
import io.meshloop.schemas.policy.YamlNode.MapNode;
import io.meshloop.schemas.policy.YamlNode.Scalar;
import io.meshloop.schemas.policy.YamlNode.ScalarType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Typed reads from one YAML mapping at a known path. Every read reports what is wrong (with the
 * line, the path, the bad value and what is allowed) to {@link Problems} and returns null (or the
 * default) instead of throwing, so that one pass finds every error.
 */
final class Fields {

    private final Problems problems;
    private final String path;
    private final MapNode map;

    private Fields(Problems problems, String path, MapNode map) {
        this.problems = problems;
        this.path = path;
        this.map = map;
    }

    /**
     * A reader over {@code node} if it is a mapping, else null (reported, naming {@code what} the
     * mapping should contain). Keys outside {@code known} are reported with a suggestion.
     */
    static Fields of(
            Problems problems, String path, YamlNode node, Collection<String> known, String what) {
        if (!(node instanceof MapNode m)) {
            problems.add(
                    node.line(),
                    path,
                    node.describe(),
                    "is not a mapping",
                    known == null
                            ? "expected " + what
                            : "expected " + what + " with keys: " + String.join(", ", known));
            return null;
        }
        Fields f = new Fields(problems, path, m);
        if (known != null) {
            for (Entry e : m.entries().values()) {
                if (!known.contains(e.key())) {
                    f.unknownKey(e, known);
                }
            }
        }
        return f;
    }

    void unknownKey(Entry e, Collection<String> known) {
        String suggestion = Suggest.closest(e.key(), known);
        problems.add(
                e.keyLine(),
                path(e.key()),
                e.key(),
                "is not a known field",
                suggestion != null
                        ? "did you mean '" + suggestion + "'?"
                        : "allowed: " + String.join(", ", known));
    }

    Problems problems() {
        return problems;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return Problems.child(path, key);
    }

    int line() {
        return map.line();
    }

    Collection<Entry> entries() {
        return map.entries().values();
    }

    boolean has(String key) {
        return map.entries().containsKey(key);
    }

    /** The value node of {@code key}, or null. */
    YamlNode node(String key) {
        Entry e = map.entries().get(key);
        return e == null ? null : e.value();
    }

    /** Line of {@code key}'s value, or of this mapping when the key is absent. */
    int line(String key) {
        YamlNode n = node(key);
        return n == null ? map.line() : n.line();
    }

    void missing(String key, String allowed) {
        problems.add(map.line(), path(key), null, "required field is missing", allowed);
    }

    /** Reports {@code problem} about {@code key}'s value. */
    void error(String key, String problem, String allowed) {
        YamlNode n = node(key);
        problems.add(line(key), path(key), n == null ? null : n.describe(), problem, allowed);
    }

    /** A string (numbers are taken as written); null when absent or not a scalar. */
    String string(String key, String allowed) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        return text(n, path(key), allowed);
    }

    String requiredString(String key, String allowed) {
        if (!has(key)) {
            missing(key, allowed);
            return null;
        }
        return string(key, allowed);
    }

    /** The text of a scalar that can stand for a name; reports lists, mappings, nulls, booleans. */
    String text(YamlNode n, String at, String allowed) {
        if (n instanceof Scalar s
                && s.type() != ScalarType.NULL
                && s.type() != ScalarType.BOOL
                && !s.text().isBlank()) {
            return s.text();
        }
        String problem =
                n instanceof Scalar s && s.type() == ScalarType.BOOL
                        ? "is a boolean, not a string (quote it)"
                        : "is not a non-empty string";
        problems.add(n.line(), at, n.describe(), problem, allowed);
        return null;
    }

    /** An integer in [min, max]; {@code dflt} when absent (null default: required). */
    Integer integer(String key, Integer dflt, int min, int max) {
        YamlNode n = node(key);
        String range = "allowed: " + min + ".." + max;
        if (n == null) {
            if (dflt == null) {
                missing(key, range);
            }
            return dflt;
        }
        if (!(n instanceof Scalar s) || s.type() != ScalarType.INT) {
            problems.add(n.line(), path(key), n.describe(), "is not an integer", range);
            return null;
        }
        long v;
        try {
            v = Long.parseLong(s.text());
        } catch (NumberFormatException e) {
            v = Long.MAX_VALUE;
        }
        if (v < min || v > max) {
            problems.add(n.line(), path(key), s.text(), "is out of range", range);
            return null;
        }
        return (int) v;
    }

    /** A finite number in [min, max]; {@code dflt} when absent (null default: required). */
    Double number(String key, Double dflt, double min, double max) {
        return number(key, dflt, min, max, "allowed: " + fmt(min) + ".." + fmt(max));
    }

    /** A finite number in [min, max], with {@code range} describing the range in errors. */
    Double number(String key, Double dflt, double min, double max, String range) {
        YamlNode n = node(key);
        if (n == null) {
            if (dflt == null) {
                missing(key, range);
            }
            return dflt;
        }
        if (!(n instanceof Scalar s)
                || (s.type() != ScalarType.INT && s.type() != ScalarType.FLOAT)) {
            problems.add(n.line(), path(key), n.describe(), "is not a number", range);
            return null;
        }
        double v;
        try {
            v = Double.parseDouble(s.text());
        } catch (NumberFormatException e) {
            v = Double.NaN; // YAML's .inf/.nan spellings
        }
        if (!(v >= min && v <= max)) {
            problems.add(n.line(), path(key), s.text(), "is out of range", range);
            return null;
        }
        return v;
    }

    /** A duration in [min, max]; {@code dflt} when absent (null default: required). */
    Duration duration(String key, Duration dflt, Duration min, Duration max) {
        YamlNode n = node(key);
        if (n == null) {
            if (dflt == null) {
                missing(key, Durations.HINT);
            }
            return dflt;
        }
        return duration(n, path(key), min, max);
    }

    Duration duration(YamlNode n, String at, Duration min, Duration max) {
        String text = n instanceof Scalar s ? s.text() : null;
        Duration d = Durations.parse(text).orElse(null);
        if (d == null) {
            problems.add(n.line(), at, n.describe(), "is not a duration", Durations.HINT);
            return null;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.add(
                    n.line(),
                    at,
                    text,
                    "is out of range",
                    "allowed: " + Durations.format(min) + ".." + Durations.format(max));
            return null;
        }
        return d;
    }

    /**
     * One of {@code type}'s spellings; {@code dflt} when absent (null default: required). {@code
     * noun} names the thing in errors, e.g. "loop".
     */
    <E extends Enum<E> & YamlEnum> E enumValue(String key, Class<E> type, E dflt, String noun) {
        YamlNode n = node(key);
        if (n == null) {
            if (dflt == null) {
                missing(key, "one of: " + YamlEnum.allowed(type));
            }
            return dflt;
        }
        return enumValue(n, path(key), type, noun);
    }

    <E extends Enum<E> & YamlEnum> E enumValue(YamlNode n, String at, Class<E> type, String noun) {
        String text = n instanceof Scalar s ? s.text() : null;
        E value = text == null ? null : YamlEnum.parse(type, text).orElse(null);
        if (value == null) {
            String hint = text == null ? "" : Suggest.didYouMean(text, YamlEnum.spellings(type));
            problems.add(
                    n.line(),
                    at,
                    n.describe(),
                    "is not a " + noun,
                    hint + "allowed: " + YamlEnum.allowed(type));
        }
        return value;
    }

    Boolean bool(String key, boolean dflt) {
        YamlNode n = node(key);
        if (n == null) {
            return dflt;
        }
        if (n instanceof Scalar s && s.type() == ScalarType.BOOL) {
            return Boolean.parseBoolean(s.text());
        }
        problems.add(n.line(), path(key), n.describe(), "is not a boolean", "allowed: true, false");
        return null;
    }

    /** The items of a list, or null when absent or not a list (reported). */
    List<YamlNode> list(String key, String what) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof ListNode l) {
            return l.items();
        }
        problems.add(
                n.line(), path(key), n.describe(), "is not a list", "expected a list of " + what);
        return null;
    }

    /** A list of non-empty strings, or null when absent or wrong (reported). */
    List<String> stringList(String key, String what) {
        List<YamlNode> items = list(key, what);
        if (items == null) {
            return null;
        }
        int before = problems.count();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(text(items.get(i), path(key) + "[" + i + "]", what));
        }
        return problems.count() == before ? out : null;
    }

    /** A mapping of strings to strings (labels), empty when absent, null when wrong. */
    Map<String, String> stringMap(String key) {
        YamlNode n = node(key);
        if (n == null) {
            return Map.of();
        }
        if (!(n instanceof MapNode m)) {
            problems.add(
                    n.line(),
                    path(key),
                    n.describe(),
                    "is not a mapping",
                    "expected key: value pairs");
            return null;
        }
        int before = problems.count();
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry e : m.entries().values()) {
            String v = text(e.value(), path(key) + "." + e.key(), "a string value");
            out.put(e.key(), v);
        }
        return problems.count() == before ? out : null;
    }

    /**
     * Builds a model object if nothing was reported since {@code before}; a constructor check the
     * validator missed is reported at this mapping rather than thrown.
     */
    <T> T build(int before, Supplier<T> constructor) {
        if (problems.count() != before) {
            return null;
        }
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(map.line(), path, null, "is invalid: " + e.getMessage(), null);
            return null;
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
