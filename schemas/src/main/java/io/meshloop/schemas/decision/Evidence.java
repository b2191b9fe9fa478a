package io.meshloop.schemas.decision;

/**
 * One fact that a decision rests on: a measured value and what it was compared with.
 *
 * @param name what was measured, e.g. {@code canary.error_rate}, {@code fisher.p_value}
 * @param value the measured value
 * @param threshold what it was compared with (NaN when not a comparison)
 * @param unit unit of value and threshold, e.g. {@code ratio}, {@code ms}, {@code req/s}, {@code
 *     count}
 * @param detail free text: the test used, the window, the baseline, a suppression reason
 */
public record Evidence(String name, double value, double threshold, String unit, String detail) {

    public Evidence {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("evidence name must be non-blank");
        }
    }

    /** A comparison without further detail. */
    public Evidence(String name, double value, double threshold, String unit) {
        this(name, value, threshold, unit, null);
    }

    /** A measured value that was not compared with a threshold. */
    public static Evidence of(String name, double value, String unit) {
        return new Evidence(name, value, Double.NaN, unit, null);
    }

    public static Evidence of(
            String name, double value, double threshold, String unit, String detail) {
        return new Evidence(name, value, threshold, unit, detail);
    }

    /** A fact without a number, e.g. why a safety rail held a decision back. */
    public static Evidence note(String name, String detail) {
        return new Evidence(name, Double.NaN, Double.NaN, null, detail);
    }
}
