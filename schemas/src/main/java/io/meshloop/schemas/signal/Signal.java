package io.meshloop.schemas.signal;

/**
 * The golden signals of one series over one event-time window: what {@code meshloop.signals}
 * carries.
 *
 * <p>Quantiles come from a DDSketch with 1% relative accuracy: a reported p99 is within 1% of a
 * value whose rank is the 99th percentile of the window's latencies. They are {@code NaN} when the
 * window has no latency samples (never the case for span-derived signals).
 *
 * @param key which series
 * @param source "spans" or "istio"
 * @param windowStart inclusive window start, epoch ms
 * @param windowEnd exclusive window end, epoch ms
 * @param requests requests (spans or metric increments) that ended in the window
 * @param errors how many of them were errors
 * @param rate requests per second over the window
 * @param errorRate errors / requests (0 when there were no requests)
 * @param p50Ms median latency, ms
 * @param p90Ms 90th percentile latency, ms
 * @param p95Ms 95th percentile latency, ms
 * @param p99Ms 99th percentile latency, ms
 * @param maxMs largest latency, ms
 */
public record Signal(
        SignalKey key,
        String source,
        long windowStart,
        long windowEnd,
        long requests,
        long errors,
        double rate,
        double errorRate,
        double p50Ms,
        double p90Ms,
        double p95Ms,
        double p99Ms,
        double maxMs) {

    public static final String SOURCE_SPANS = "spans";
    public static final String SOURCE_ISTIO = "istio";
}
