package io.meshloop.operators.signals;

import java.time.Duration;

/**
 * How golden signals are windowed: sliding event-time windows of {@link #size} that advance every
 * {@link #slide}, built from panes of {@code slide} length.
 *
 * <p>A window {@code [T - size, T)} is emitted once the watermark reaches {@code T - 1} (Flink's
 * convention: a watermark {@code W} promises no more events at or before {@code W}). Data that
 * arrives after that but at most {@link #allowedLateness} behind is still merged and the windows it
 * belongs to are emitted again (same key and bounds, larger counts: consumers keep the latest per
 * window). Data later than that is counted and sent to a side output.
 *
 * @param size window length; a positive whole multiple of {@code slide}
 * @param slide how often a window ends, and the pane length; at least 1 ms, whole milliseconds
 * @param allowedLateness how far behind the watermark data may still update emitted windows; 0 or
 *     more, whole milliseconds
 * @param maxBufferedPartials bound on (key, pane) entries the pre-aggregator keeps in memory before
 *     it flushes everything early; at least 1
 */
public record SignalWindowConfig(
        Duration size, Duration slide, Duration allowedLateness, int maxBufferedPartials)
        implements java.io.Serializable {

    public static final int DEFAULT_MAX_BUFFERED_PARTIALS = 10_000;

    public SignalWindowConfig {
        requireWholeMillis("slide", slide, 1);
        requireWholeMillis("size", size, 1);
        requireWholeMillis("allowedLateness", allowedLateness, 0);
        if (size.toMillis() % slide.toMillis() != 0) {
            throw new IllegalArgumentException(
                    "SignalWindowConfig.size must be a positive multiple of slide ("
                            + slide.toMillis()
                            + " ms), got "
                            + size.toMillis()
                            + " ms");
        }
        if (maxBufferedPartials < 1) {
            throw new IllegalArgumentException(
                    "SignalWindowConfig.maxBufferedPartials must be >= 1, got "
                            + maxBufferedPartials);
        }
    }

    /** 10 s windows sliding every 1 s, no allowed lateness, at most 10,000 buffered partials. */
    public static SignalWindowConfig ofDefaults() {
        return new SignalWindowConfig(
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ZERO,
                DEFAULT_MAX_BUFFERED_PARTIALS);
    }

    public SignalWindowConfig withSize(Duration newSize) {
        return new SignalWindowConfig(newSize, slide, allowedLateness, maxBufferedPartials);
    }

    public SignalWindowConfig withSlide(Duration newSlide) {
        return new SignalWindowConfig(size, newSlide, allowedLateness, maxBufferedPartials);
    }

    public SignalWindowConfig withAllowedLateness(Duration lateness) {
        return new SignalWindowConfig(size, slide, lateness, maxBufferedPartials);
    }

    public SignalWindowConfig withMaxBufferedPartials(int max) {
        return new SignalWindowConfig(size, slide, allowedLateness, max);
    }

    public long sizeMillis() {
        return size.toMillis();
    }

    public long slideMillis() {
        return slide.toMillis();
    }

    public long latenessMillis() {
        return allowedLateness.toMillis();
    }

    /** Panes per window: {@code size / slide}. */
    public int panesPerWindow() {
        return (int) (size.toMillis() / slide.toMillis());
    }

    private static void requireWholeMillis(String field, Duration d, long minMillis) {
        if (d == null) {
            throw new IllegalArgumentException("SignalWindowConfig." + field + " must be set");
        }
        if (d.isNegative() || d.toNanos() % 1_000_000L != 0 || d.toMillis() < minMillis) {
            throw new IllegalArgumentException(
                    "SignalWindowConfig."
                            + field
                            + " must be whole milliseconds >= "
                            + minMillis
                            + " ms, got "
                            + d);
        }
    }
}
