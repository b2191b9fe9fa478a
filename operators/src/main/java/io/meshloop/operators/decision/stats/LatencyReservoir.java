package io.meshloop.operators.decision.stats;

import java.util.Arrays;

/**
 * A bounded uniform sample of one arm's latencies (Vitter's Algorithm R), for {@link
 * LatencyJudge#judgeSamples}.
 *
 * <p>Memory: {@code 8 × capacity} bytes. After {@code n} offers every offered value is in the
 * sample with probability {@code min(1, capacity / n)}. The replacement slot is a pure function of
 * {@code (seed, n)} (a SplitMix64 hash), so the whole state is {@code (seed, n, values)}: it can be
 * checkpointed and restored, and the same input gives the same sample. Clear it after each
 * judgement so that consecutive judgements see disjoint requests.
 *
 * <p>Not thread-safe.
 */
public final class LatencyReservoir {

    private final long seed;
    private final double[] values;
    private long offered;

    /**
     * @param capacity samples kept, &ge; 1 (e.g. 2000: 16 KB)
     * @param seed any value; fixes which samples are kept
     */
    public LatencyReservoir(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.values = new double[capacity];
        this.seed = seed;
    }

    /** Offers one latency sample. */
    public void add(double value) {
        long n = offered++;
        if (n < values.length) {
            values[(int) n] = value;
            return;
        }
        // Uniform in [0, n]: keep with probability capacity / (n + 1).
        long j = Long.remainderUnsigned(mix(seed + n * 0x9E3779B97F4A7C15L), n + 1);
        if (j < values.length) {
            values[(int) j] = value;
        }
    }

    /** Samples offered since the last {@link #clear()}. */
    public long offered() {
        return offered;
    }

    /** Samples held, {@code min(offered, capacity)}. */
    public int size() {
        return (int) Math.min(offered, values.length);
    }

    /** A copy of the held samples, in no particular order. */
    public double[] snapshot() {
        return Arrays.copyOf(values, size());
    }

    /** Forgets every sample (start of a new judging interval). */
    public void clear() {
        offered = 0;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
