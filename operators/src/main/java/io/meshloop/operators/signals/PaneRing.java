package io.meshloop.operators.signals;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The panes one signal key still needs, and the window logic over them: merge a partial, compute
 * the window ending at a timer, evict panes no window needs, and say when the next timer is due.
 * Pure: time comes in as arguments.
 *
 * <p>Kept in keyed state as one {@code byte[]} ({@link #encode()}): a version byte, the pane count,
 * then per pane the start (zigzag delta from the previous pane, in slides), count, errors, max (8
 * bytes) and the encoded sketch. One value per key instead of a map entry per pane saves the
 * per-entry key and namespace bytes a {@code MapState} pays in every backend (measured in {@code
 * KeyedStateSizeTest}).
 */
public final class PaneRing {

    private static final byte FORMAT_V1 = 1;

    /** One pane of one key. Mutable only through {@link PaneRing#merge}. */
    static final class Pane {
        long count;
        long errors;
        double maxMs;
        byte[] sketch;

        Pane(long count, long errors, double maxMs, byte[] sketch) {
            this.count = count;
            this.errors = errors;
            this.maxMs = maxMs;
            this.sketch = sketch;
        }
    }

    private final Panes panes;
    private final TreeMap<Long, Pane> byStart = new TreeMap<>();

    public PaneRing(Panes panes) {
        this.panes = panes;
    }

    public boolean isEmpty() {
        return byStart.isEmpty();
    }

    public int size() {
        return byStart.size();
    }

    /** Merges a partial into its pane. */
    public void merge(PanePartial p) {
        Pane pane = byStart.get(p.paneStart());
        if (pane == null) {
            byStart.put(
                    p.paneStart(), new Pane(p.count(), p.errors(), p.maxMs(), nonNull(p.sketch())));
            return;
        }
        pane.count += p.count();
        pane.errors += p.errors();
        pane.maxMs = Math.max(pane.maxMs, p.maxMs());
        if (p.sketch() != null && p.sketch().length > 1) {
            if (pane.sketch.length <= 1) {
                pane.sketch = p.sketch();
            } else {
                DDSketch merged = LatencySketch.decode(pane.sketch);
                LatencySketch.mergeInto(p.sketch(), merged);
                pane.sketch = LatencySketch.encode(merged);
            }
        }
    }

    /**
     * The signal of the window ending (exclusive) at {@code windowEnd}, or empty when the window
     * holds no request.
     */
    public Optional<Signal> window(SignalKey key, String source, long windowEnd) {
        long start = windowEnd - panes.size();
        long requests = 0;
        long errors = 0;
        double max = 0;
        DDSketch sketch = LatencySketch.newSketch();
        for (Pane pane : byStart.subMap(start, true, windowEnd, false).values()) {
            requests += pane.count;
            errors += pane.errors;
            max = Math.max(max, pane.maxMs);
            LatencySketch.mergeInto(pane.sketch, sketch);
        }
        if (requests == 0) {
            return Optional.empty();
        }
        double seconds = panes.size() / 1000.0;
        boolean noLatency = sketch.isEmpty();
        double[] q =
                noLatency
                        ? new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}
                        : sketch.getValuesAtQuantiles(new double[] {0.5, 0.9, 0.95, 0.99});
        return Optional.of(
                new Signal(
                        key,
                        source,
                        start,
                        windowEnd,
                        requests,
                        errors,
                        requests / seconds,
                        (double) errors / requests,
                        q[0],
                        q[1],
                        q[2],
                        q[3],
                        noLatency ? Double.NaN : max));
    }

    /** Drops the panes whose eviction time is at or before {@code timer}. */
    public void evict(long timer) {
        byStart.entrySet().removeIf(e -> panes.evictionTimer(e.getKey()) <= timer);
    }

    /**
     * The next timer after {@code t} this ring needs: the next window end that holds one of its
     * panes, or the next pane eviction, whichever comes first; empty when the ring is empty.
     */
    public OptionalLong nextTimer(long t) {
        long next = Long.MAX_VALUE;
        long nextWindow = panes.nextWindowTimer(t);
        for (long start : byStart.keySet()) {
            long candidate =
                    panes.lastWindowTimer(start) > t
                            ? Math.max(nextWindow, panes.paneMaxTimestamp(start))
                            : panes.evictionTimer(start);
            next = Math.min(next, candidate);
        }
        return byStart.isEmpty() ? OptionalLong.empty() : OptionalLong.of(next);
    }

    /** Ends (exclusive) of the windows holding {@code paneStart}, oldest first. */
    public long[] windowEndsOf(long paneStart) {
        int n = (int) (panes.size() / panes.slide());
        long[] ends = new long[n];
        for (int i = 0; i < n; i++) {
            ends[i] = paneStart + (i + 1) * panes.slide();
        }
        return ends;
    }

    public byte[] encode() {
        VarBytes out = new VarBytes(64 + 160 * byStart.size());
        out.writeByte(FORMAT_V1);
        out.writeVarLong(byStart.size());
        long prev = 0;
        for (var e : byStart.entrySet()) {
            long slides = Math.floorDiv(e.getKey(), panes.slide());
            out.writeVarLong(VarBytes.zigzag(slides - prev));
            prev = slides;
            Pane p = e.getValue();
            out.writeVarLong(p.count);
            out.writeVarLong(p.errors);
            out.writeLong(Double.doubleToLongBits(p.maxMs));
            out.writeBytes(p.sketch);
        }
        return out.toByteArray();
    }

    public static PaneRing decode(byte[] bytes, Panes panes) {
        PaneRing ring = new PaneRing(panes);
        if (bytes == null) {
            return ring;
        }
        if (bytes[0] != FORMAT_V1) {
            throw new IllegalStateException("unknown pane ring state format byte " + bytes[0]);
        }
        VarBytes.Reader in = new VarBytes.Reader(bytes, 1);
        long n = in.readVarLong();
        long slides = 0;
        for (long i = 0; i < n; i++) {
            slides += VarBytes.unzigzag(in.readVarLong());
            long count = in.readVarLong();
            long errors = in.readVarLong();
            double max = Double.longBitsToDouble(in.readLong());
            ring.byStart.put(slides * panes.slide(), new Pane(count, errors, max, in.readBytes()));
        }
        return ring;
    }

    private static byte[] nonNull(byte[] sketch) {
        return sketch == null ? new byte[] {0} : sketch;
    }
}
