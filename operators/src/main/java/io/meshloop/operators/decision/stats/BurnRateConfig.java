package io.meshloop.operators.decision.stats;

import java.util.List;

/**
 * Settings of {@link BurnRateMonitor}: multi-window, multi-burn-rate alerting as in the Google SRE
 * workbook ("Alerting on SLOs", recommendation 6).
 *
 * @param objective SLO objective as a success ratio in (0, 1), e.g. 0.999; the error budget is
 *     {@code 1 - objective}
 * @param resolutionMillis bucket width in ms, &ge; 1; every window must be a multiple of it. Memory
 *     is {@code 3 × 8 × longestWindow / resolution} bytes (6 h at 10 s: 2160 buckets, 52 KB)
 * @param pairs window pairs; each fires when both its windows burn at or above its factor
 */
public record BurnRateConfig(double objective, long resolutionMillis, List<Pair> pairs) {

    /**
     * One alerting condition.
     *
     * @param name label for evidence, e.g. {@code "page-1h"}
     * @param longWindowMillis the window that makes the alert significant, ms
     * @param shortWindowMillis the window that makes it reset quickly after recovery, ms, &lt; long
     * @param factor burn-rate threshold (14.4 = 2% of a 30-day budget in one hour)
     */
    public record Pair(String name, long longWindowMillis, long shortWindowMillis, double factor) {
        public Pair {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("pair name must be non-blank");
            }
            if (shortWindowMillis < 1 || shortWindowMillis >= longWindowMillis) {
                throw new IllegalArgumentException(
                        "pair "
                                + name
                                + ": need 1 <= shortWindowMillis < longWindowMillis, got "
                                + shortWindowMillis
                                + " and "
                                + longWindowMillis);
            }
            if (!(factor > 0)) {
                throw new IllegalArgumentException(
                        "pair " + name + ": factor must be > 0, got " + factor);
            }
        }
    }

    public BurnRateConfig {
        if (!(objective > 0 && objective < 1)) {
            throw new IllegalArgumentException("objective must be in (0, 1), got " + objective);
        }
        if (resolutionMillis < 1) {
            throw new IllegalArgumentException(
                    "resolutionMillis must be >= 1, got " + resolutionMillis);
        }
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("pairs must not be empty");
        }
        for (Pair p : pairs) {
            if (p.longWindowMillis() % resolutionMillis != 0
                    || p.shortWindowMillis() % resolutionMillis != 0) {
                throw new IllegalArgumentException(
                        "pair "
                                + p.name()
                                + ": windows must be multiples of resolutionMillis="
                                + resolutionMillis);
            }
        }
    }

    /** The workbook's paging pairs: 1 h / 5 min at 14.4 and 6 h / 30 min at 6, 10 s buckets. */
    public static BurnRateConfig ofDefaults(double objective) {
        return new BurnRateConfig(
                objective,
                10_000,
                List.of(
                        new Pair("1h/5m", 3_600_000, 300_000, 14.4),
                        new Pair("6h/30m", 21_600_000, 1_800_000, 6.0)));
    }

    public long longestWindowMillis() {
        long max = 0;
        for (Pair p : pairs) {
            max = Math.max(max, p.longWindowMillis());
        }
        return max;
    }
}
