package io.meshloop.operators.signals;

/**
 * Pane and window arithmetic, in epoch milliseconds. Panes are aligned to the epoch: pane starts
 * are multiples of {@code slide}; windows end at pane ends. A window ending at {@code T} is emitted
 * by an event-time timer at {@code T - 1}.
 */
public final class Panes {

    private final long size;
    private final long slide;
    private final long lateness;

    public Panes(SignalWindowConfig config) {
        this.size = config.sizeMillis();
        this.slide = config.slideMillis();
        this.lateness = config.latenessMillis();
    }

    public long size() {
        return size;
    }

    public long slide() {
        return slide;
    }

    /** Start of the pane holding event time {@code t}. */
    public long paneStart(long t) {
        return Math.floorDiv(t, slide) * slide;
    }

    /** Timestamp of the timer (and watermark) that completes the pane: its last millisecond. */
    public long paneMaxTimestamp(long paneStart) {
        return paneStart + slide - 1;
    }

    /**
     * Whether data for {@code paneStart} arrives too late to be merged: the pane ended more than
     * the allowed lateness before the watermark.
     */
    public boolean isLate(long paneStart, long watermark) {
        return paneMaxTimestamp(paneStart) + lateness <= watermark;
    }

    /** Whether the pane has completed, so its windows may already have been emitted. */
    public boolean isComplete(long paneStart, long watermark) {
        return paneMaxTimestamp(paneStart) <= watermark;
    }

    /** Timer timestamp of the last window holding the pane. */
    public long lastWindowTimer(long paneStart) {
        return paneStart + size - 1;
    }

    /** Timer timestamp after which the pane can no longer change any window: then it is evicted. */
    public long evictionTimer(long paneStart) {
        return lastWindowTimer(paneStart) + lateness;
    }

    /** Whether a timer timestamp is the end of a window (and not only an eviction timer). */
    public boolean isWindowTimer(long timer) {
        return Math.floorMod(timer + 1, slide) == 0;
    }

    /** The first window timer strictly after {@code t}. */
    public long nextWindowTimer(long t) {
        return paneStart(t + 1) + slide - 1;
    }
}
