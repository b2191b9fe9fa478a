package io.meshloop.schemas.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as policy files write them: one or more {@code <integer><unit>} parts, units {@code
 * ms}, {@code s}, {@code m}, {@code h}, {@code d}, largest first (as Go and Prometheus spell them):
 * {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 250ms}. A bare number is rejected: its unit would
 * be a guess.
 */
public final class Durations {

    /** Appended to every duration error. */
    public static final String HINT = "use e.g. 30s, 5m, 1h";

    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final List<String> UNITS_LARGEST_FIRST = List.of("d", "h", "m", "s", "ms");

    private Durations() {}

    /** The duration spelled {@code text}, or empty when it is not one. */
    public static Optional<Duration> parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        int lastRank = -1;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            int rank = UNITS_LARGEST_FIRST.indexOf(unit);
            if (rank <= lastRank) {
                return Optional.empty(); // "5m1h", "1s1s": ambiguous, reject
            }
            lastRank = rank;
            total =
                    total.plus(
                            switch (unit) {
                                case "ms" -> Duration.ofMillis(n);
                                case "s" -> Duration.ofSeconds(n);
                                case "m" -> Duration.ofMinutes(n);
                                case "h" -> Duration.ofHours(n);
                                default -> Duration.ofDays(n);
                            });
        }
        return Optional.of(total);
    }

    /** The shortest spelling of {@code d} in the policy syntax, e.g. {@code 1h30m}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder s = new StringBuilder();
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                s.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return s.toString();
    }
}
