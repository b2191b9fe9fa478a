package io.meshloop.operators.signals;

import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.telemetry.Span;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
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
 * <p>Memory: one {@link PaneAccumulator} (a DDSketch of a few hundred bytes) per buffered entry.
 */
public final class SpanPreAggregator extends AbstractStreamOperator<PanePartial>
        implements OneInputStreamOperator<Span, PanePartial> {

    private static final long serialVersionUID = 1L;

    private final SignalWindowConfig config;

    private transient Panes panes;
    private transient TreeMap<Long, Map<SignalKey, PaneAccumulator>> buffer;
    private transient int buffered;
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
        watermark = Long.MIN_VALUE;
        late = getMetricGroup().counter(SignalOperators.LATE_COUNTER);
    }

    @Override
    public void processElement(StreamRecord<Span> element) {
        Span span = element.getValue();
        List<SignalKey> keys = SpanSignalKeys.keysOf(span);
        if (keys.isEmpty()) {
            return;
        }
        long t = span.endEpochMillis();
        long paneStart = panes.paneStart(t);
        if (panes.isLate(paneStart, watermark)) {
            late.inc();
            output.collect(SignalOperators.LATE_SPANS, new StreamRecord<>(span, t));
            return;
        }
        Map<SignalKey, PaneAccumulator> pane =
                buffer.computeIfAbsent(paneStart, s -> new HashMap<>());
        double latency = span.durationMillis();
        for (SignalKey key : keys) {
            PaneAccumulator acc = pane.get(key);
            if (acc == null) {
                acc = new PaneAccumulator();
                pane.put(key, acc);
                buffered++;
            }
            acc.add(latency, span.error());
        }
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
        for (Iterator<Map.Entry<Long, Map<SignalKey, PaneAccumulator>>> it =
                        buffer.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<Long, Map<SignalKey, PaneAccumulator>> e = it.next();
            long paneStart = e.getKey();
            if (t != Long.MAX_VALUE && panes.paneMaxTimestamp(paneStart) > t) {
                break;
            }
            long ts = panes.paneMaxTimestamp(paneStart);
            for (Map.Entry<SignalKey, PaneAccumulator> k : e.getValue().entrySet()) {
                output.collect(
                        new StreamRecord<>(
                                k.getValue().toPartial(k.getKey(), Signal.SOURCE_SPANS, paneStart),
                                ts));
            }
            buffered -= e.getValue().size();
            it.remove();
        }
    }
}
