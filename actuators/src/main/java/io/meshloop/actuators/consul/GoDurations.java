package io.meshloop.actuators.consul;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go durations, as Consul writes them back: {@code 500ms}, {@code 2.5s}, {@code 1m30s}. */
final class GoDurations {
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|h|m|s)");

    private GoDurations() {}

    /** Go's {@code time.Duration.String()} of a whole number of ms. */
    static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long h = millis / 3_600_000L;
        long m = millis / 60_000L % 60;
        String s = BigDecimal.valueOf(millis % 60_000L, 3).stripTrailingZeros().toPlainString();
        if (h > 0) {
            return h + "h" + m + "m" + s + "s";
        }
        return m > 0 ? m + "m" + s + "s" : s + "s";
    }

    /** Parses Go durations made of h, m, s, ms parts; null for null or blank. */
    static Long parseMillis(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        Matcher m = PART.matcher(t);
        BigDecimal total = BigDecimal.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            BigDecimal n = new BigDecimal(m.group(1));
            long factor =
                    switch (m.group(2)) {
                        case "h" -> 3_600_000L;
                        case "m" -> 60_000L;
                        case "s" -> 1_000L;
                        default -> 1L;
                    };
            total = total.add(n.multiply(BigDecimal.valueOf(factor)));
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new IllegalArgumentException("not a Go duration: '" + text + "'");
        }
        return total.longValue();
    }
}
