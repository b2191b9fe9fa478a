package io.meshloop.actuators.gatewayapi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gateway API durations (GEP-2257, {@code ^([0-9]{1,5}(h|m|s|ms)){1,4}$}), also accepted by
 * Linkerd's annotations: {@code 2500 -> "2s500ms"}, {@code 30000 -> "30s"}, {@code 0 -> "0s"}.
 */
final class GatewayDurations {
    private static final Pattern PART = Pattern.compile("([0-9]{1,5})(ms|h|m|s)");

    private GatewayDurations() {}

    /**
     * @param millis in [0, 99999 h]
     */
    static String format(long millis) {
        if (millis < 0 || millis / 3_600_000L > 99_999L) {
            throw new IllegalArgumentException(
                    "duration must be in [0 ms, 99999 h], was " + millis + " ms");
        }
        if (millis == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        append(b, millis / 3_600_000L, "h");
        append(b, millis / 60_000L % 60, "m");
        append(b, millis / 1_000L % 60, "s");
        append(b, millis % 1_000L, "ms");
        return b.toString();
    }

    /** Parses {@code 1h2m3s4ms} and its parts; null for null or blank. */
    static Long parseMillis(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        Matcher m = PART.matcher(s.strip());
        long total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total +=
                    switch (m.group(2)) {
                        case "h" -> n * 3_600_000L;
                        case "m" -> n * 60_000L;
                        case "s" -> n * 1_000L;
                        default -> n;
                    };
            end = m.end();
        }
        if (end == 0 || end != s.strip().length()) {
            throw new IllegalArgumentException("not a Gateway API duration: '" + s + "'");
        }
        return total;
    }

    private static void append(StringBuilder b, long n, String unit) {
        if (n > 0) {
            b.append(n).append(unit);
        }
    }
}
