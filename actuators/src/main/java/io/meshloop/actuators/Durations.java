package io.meshloop.actuators;

import java.math.BigDecimal;

/** Istio (protobuf JSON) durations: written as seconds with a fraction, e.g. {@code 1.5s}. */
final class Durations {
    private Durations() {}

    /**
     * {@code 1500 -> "1.5s"}, {@code 30000 -> "30s"}: the protobuf JSON form every Istio accepts.
     */
    static String format(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }

    /** Parses {@code 1.5s}, {@code 250ms}, {@code 2m}, {@code 1h}; null for null. */
    static Long parseMillis(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip();
        try {
            if (t.endsWith("ms")) {
                return new BigDecimal(t.substring(0, t.length() - 2)).longValue();
            }
            char unit = t.charAt(t.length() - 1);
            BigDecimal n = new BigDecimal(t.substring(0, t.length() - 1));
            long factor =
                    switch (unit) {
                        case 's' -> 1_000L;
                        case 'm' -> 60_000L;
                        case 'h' -> 3_600_000L;
                        default -> throw new NumberFormatException("unit " + unit);
                    };
            return n.multiply(BigDecimal.valueOf(factor)).longValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + s + "'", e);
        }
    }
}
