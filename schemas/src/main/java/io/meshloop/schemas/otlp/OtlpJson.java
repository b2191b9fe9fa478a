package io.meshloop.schemas.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * OTLP/JSON reading rules shared by the JSON decoders: field names in lowerCamelCase or the proto
 * snake_case, 64-bit integers as numbers or strings, enums as integers or names.
 */
final class OtlpJson {

    private OtlpJson() {}

    /** The field under its lowerCamelCase or snake_case name; null if absent or JSON null. */
    static JsonNode field(JsonNode obj, String camel, String snake) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        JsonNode n = obj.get(camel);
        if (n == null && snake != null) {
            n = obj.get(snake);
        }
        return n == null || n.isNull() ? null : n;
    }

    /** Elements of an array field (empty when absent or not an array). */
    static Iterable<JsonNode> array(JsonNode obj, String camel, String snake) {
        JsonNode n = field(obj, camel, snake);
        return n != null && n.isArray() ? n : java.util.List.of();
    }

    /**
     * A 64-bit integer given as a JSON number or a decimal string.
     *
     * @throws NumberFormatException naming the field and value when it is neither
     */
    static long int64(JsonNode n, String fieldName, long absent) {
        if (n == null) {
            return absent;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        } else if (n.isNumber()) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.2e18) {
                return (long) d;
            }
        }
        throw new NumberFormatException(
                fieldName + " " + DeadLetters.quote(n.toString()) + " is not a 64-bit integer");
    }

    /** An unsigned 64-bit nanosecond timestamp (decimal string or number). */
    static long unixNanos(JsonNode n, String fieldName) {
        if (n != null && n.isTextual()) {
            try {
                return Long.parseUnsignedLong(n.textValue().trim());
            } catch (NumberFormatException e) {
                throw new NumberFormatException(
                        fieldName + " " + DeadLetters.quote(n.textValue()) + " is not a uint64");
            }
        }
        if (n != null && n.isBigInteger()) {
            return n.bigIntegerValue().longValue();
        }
        return int64(n, fieldName, 0);
    }

    /** A double given as a number, or as a string (including "NaN", "Infinity"). */
    static double dbl(JsonNode n, double absent) {
        if (n == null) {
            return absent;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.textValue().trim());
            } catch (NumberFormatException e) {
                return absent;
            }
        }
        return absent;
    }

    /**
     * An enum given as an integer, a numeric string or a name; names are mapped by {@code byName}
     * ({@code -1} when unknown).
     */
    static int enumNumber(JsonNode n, java.util.function.ToIntFunction<String> byName) {
        if (n == null) {
            return 0;
        }
        if (n.isIntegralNumber()) {
            return n.intValue();
        }
        if (n.isTextual()) {
            String t = n.textValue().trim();
            if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-')) {
                try {
                    return Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            return byName.applyAsInt(t);
        }
        return -1;
    }

    static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    /** UTF-8 size of {@code s}, computed only when it could exceed {@code limit}. */
    static int utf8Length(String s, int limit) {
        if (s.length() * 3 <= limit) {
            return s.length();
        }
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
