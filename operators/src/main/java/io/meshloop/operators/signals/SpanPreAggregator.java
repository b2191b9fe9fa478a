package io.meshloop.operators.signals;

import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.telemetry.Span;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Non-keyed, chained after the span source: aggregates spans per (signal key, pane) in memory and
 * emits {@link PanePartial}s, so the keyed exchange carries one record per key and pane per subtask
 * instead of one per span.
 *
 * <p>Partials are emitted when the watermark completes their pane (before the watermark is
 * forwarded, so downstream never sees them late), when more than {@code maxBufferedPartials} (key,
 * pane) entries are buffered (everything is flushed early; downstream merges partials), in {@link
 * #prepareSnapshotPreBarrier} (so a checkpoint never needs this operator's buffer: it has no
 * state), and at end of input. Spans whose pane is beyond the allowed lateness are counted ({@value
 * SignalOperators#LATE_COUNTER}) and sent to {@link SignalOperators#LATE_SPANS}.
 *
 * <p>Per span the work is one lookup of its {@link SpanCells cell} (spans with the same service,
 * version, route, instance and edge peer) and one sketch insert; the cells are merged into their
 * 1–4 keys' accumulators once per pane, at flush. The output is exactly what adding every span to
 * every key gives.
 *
 * <p>Memory: one {@link PaneAccumulator} (a DDSketch of a few hundred bytes) per buffered entry and
 * one per cell (at most a few per entry).
 */
public final class SpanPreAggregator extends AbstractStreamOperator<PanePartial>
        implements OneInputStreamOperator<Span, PanePartial> {

    private static final long serialVersionUID = 1L;

    private final SignalWindowConfig config;

    private transient Panes panes;
    private transient TreeMap<Long, Pane> buffer;
    private transient int buffered;
    private transient long lastPaneStart;
    private transient Pane lastPane;
    private transient int[] created;
    private transient long watermark;
    private transient Counter late;

    public SpanPreAggregator(SignalWindowConfig config) {
        this.config = config;
    }

    @Override
    public void open() throws Exception {
        super.open();
        panes = new Panes(config);
        buffer = new TreeMap<>();
        buffered = 0;
        lastPane = null;
        created = new int[1];
        watermark = Long.MIN_VALUE;
        late = getMetricGroup().counter(SignalOperators.LATE_COUNTER);
    }

    @Override
    public void processElement(StreamRecord<Span> element) {
        Span span = element.getValue();
        if (!SpanSignalKeys.hasKeys(span)) {
            return;
        }
        long t = span.endEpochMillis();
        long paneStart = panes.paneStart(t);
        if (panes.isLate(paneStart, watermark)) {
            late.inc();
            output.collect(SignalOperators.LATE_SPANS, new StreamRecord<>(span, t));
            return;
        }
        Pane pane = lastPane;
        if (pane == null || lastPaneStart != paneStart) {
            pane = buffer.computeIfAbsent(paneStart, s -> new Pane());
            lastPane = pane;
            lastPaneStart = paneStart;
        }
        created[0] = 0;
        SpanCells.Cell cell = pane.cells.cellOf(span, pane.byKey, created);
        buffered += created[0];
        cell.add(span.durationMillis(), span.error());
        if (buffered > config.maxBufferedPartials()) {
            flushUpTo(Long.MAX_VALUE);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        flushUpTo(watermark);
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flushUpTo(Long.MAX_VALUE);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flushUpTo(Long.MAX_VALUE);
        super.finish();
    }

    /** Spans counted late so far by this subtask (the metric's value). */
    long lateCount() {
        return late.getCount();
    }

    /** Emits and forgets every buffered pane whose last millisecond is at or before {@code t}. */
    private void flushUpTo(long t) {
        for (Iterator<Map.Entry<Long, Pane>> it = buffer.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Pane> e = it.next();
            long paneStart = e.getKey();
            if (t != Long.MAX_VALUE && panes.paneMaxTimestamp(paneStart) > t) {
                break;
            }
            long ts = panes.paneMaxTimestamp(paneStart);
            Pane pane = e.getValue();
            pane.cells.mergeInto();
            for (Map.Entry<SignalKey, PaneAccumulator> k : pane.byKey.entrySet()) {
                output.collect(
                        new StreamRecord<>(
                                k.getValue().toPartial(k.getKey(), Signal.SOURCE_SPANS, paneStart),
                                ts));
            }
            buffered -= pane.byKey.size();
            it.remove();
            if (pane == lastPane) {
                lastPane = null;
            }
        }
    }

    /** One buffered pane: its keys' accumulators and the span cells that feed them. */
    private static final class Pane {
        final Map<SignalKey, PaneAccumulator> byKey = new HashMap<>();
        final SpanCells cells = new SpanCells();
    }
}
