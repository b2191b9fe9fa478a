package io.meshloop.operators.decision.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Rolling request and error sums for SLO burn-rate alerting, in bounded memory: a ring of {@code
 * longestWindow / resolution} buckets, each remembering its start so that stale slots are
 * recognised and overwritten.
 *
 * <p><b>Time.</b> Buckets are aligned to multiples of the resolution (epoch ms). A window of length
 * W evaluated at {@code now} covers the buckets starting in {@code [now - W, now)}; with {@code
 * now} on a bucket boundary that is exactly the last W ms. Data for a bucket that the ring has
 * already reused for a newer bucket (older than the longest window) is dropped and reported by
 * {@link #add}. Feed it per-second or per-pane totals; each request must be added once (disjoint
 * buckets).
 *
 * <p><b>Limits.</b> A window without requests has burn rate 0 (no traffic burns no budget). At very
 * low traffic one error gives a huge burn rate in the short window; the long window of the pair is
 * what protects against paging on that.
 *
 * <p>Evaluation is one pass over the ring, no allocation besides the result. Not thread-safe.
 */
public final class BurnRateMonitor {

    private final BurnRateConfig config;
    private final long resolution;
    private final long[] starts;
    private final long[] requests;
    private final long[] errors;

    public BurnRateMonitor(BurnRateConfig config) {
        this.config = config;
        this.resolution = config.resolutionMillis();
        int size = Math.toIntExact(config.longestWindowMillis() / resolution);
        this.starts = new long[size];
        this.requests = new long[size];
        this.errors = new long[size];
        java.util.Arrays.fill(starts, Long.MIN_VALUE);
    }

    public BurnRateConfig config() {
        return config;
    }

    /**
     * Adds totals observed at {@code timeMillis}.
     *
     * @return false when the bucket is older than the ring holds (the data is dropped)
     */
    public boolean add(long timeMillis, long requestCount, long errorCount) {
        if (requestCount < 0 || errorCount < 0 || errorCount > requestCount) {
            throw new IllegalArgumentException(
                    "need 0 <= errors <= requests, got errors="
                            + errorCount
                            + " requests="
                            + requestCount);
        }
        long start = Math.floorDiv(timeMillis, resolution) * resolution;
        int slot = (int) Math.floorMod(Math.floorDiv(timeMillis, resolution), (long) starts.length);
        if (starts[slot] == start) {
            requests[slot] += requestCount;
            errors[slot] += errorCount;
            return true;
        }
        if (starts[slot] > start) {
            return false;
        }
        starts[slot] = start;
        requests[slot] = requestCount;
        errors[slot] = errorCount;
        return true;
    }

    /** Burn rates of every configured pair for windows ending at {@code nowMillis}. */
    public BurnRateStatus status(long nowMillis) {
        List<BurnRateConfig.Pair> pairs = config.pairs();
        int n = pairs.size();
        long[] req = new long[2 * n];
        long[] err = new long[2 * n];
        for (int slot = 0; slot < starts.length; slot++) {
            long start = starts[slot];
            if (start == Long.MIN_VALUE || start >= nowMillis) {
                continue;
            }
            long age = nowMillis - start; // > 0; bucket in window W iff age <= W
            for (int i = 0; i < n; i++) {
                BurnRateConfig.Pair p = pairs.get(i);
                if (age <= p.longWindowMillis()) {
                    req[2 * i] += requests[slot];
                    err[2 * i] += errors[slot];
                }
                if (age <= p.shortWindowMillis()) {
                    req[2 * i + 1] += requests[slot];
                    err[2 * i + 1] += errors[slot];
                }
            }
        }
        double budget = 1 - config.objective();
        List<BurnRateStatus.PairStatus> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BurnRateConfig.Pair p = pairs.get(i);
            out.add(
                    new BurnRateStatus.PairStatus(
                            p.name(),
                            p.factor(),
                            window(p.longWindowMillis(), req[2 * i], err[2 * i], budget),
                            window(p.shortWindowMillis(), req[2 * i + 1], err[2 * i + 1], budget)));
        }
        return new BurnRateStatus(nowMillis, out);
    }

    private static BurnRateStatus.Window window(long w, long r, long e, double budget) {
        return new BurnRateStatus.Window(w, r, e, r == 0 ? 0.0 : ((double) e / r) / budget);
    }
}
