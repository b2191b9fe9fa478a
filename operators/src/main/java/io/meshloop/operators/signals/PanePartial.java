package io.meshloop.operators.signals;

import io.meshloop.schemas.signal.SignalKey;

/**
 * A partial aggregate of one signal key over one pane: what crosses the keyed exchange. Several
 * partials for the same key and pane (from different subtasks, early flushes, or both Istio
 * families) are merged by {@link SignalWindowFunction}.
 *
 * <p>A Java record, which Flink 2.x serializes with its POJO serializer (no Kryo).
 *
 * @param key the signal series
 * @param source {@code "spans"} or {@code "istio"}
 * @param paneStart pane start, epoch ms (a multiple of the slide)
 * @param count requests
 * @param errors error requests
 * @param maxMs largest latency, ms (0 when there are no latency samples)
 * @param sketch latency samples, {@link LatencySketch#encode} form
 */
public record PanePartial(
        SignalKey key,
        String source,
        long paneStart,
        long count,
        long errors,
        double maxMs,
        byte[] sketch) {}
