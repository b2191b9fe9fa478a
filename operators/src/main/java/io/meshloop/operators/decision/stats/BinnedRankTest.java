package io.meshloop.operators.decision.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.store.Bin;
import java.util.Iterator;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Mann-Whitney U computed from two DDSketches instead of raw samples.
 *
 * <p>Each sketch bin (and the zero bucket) is treated as a group of tied values: within a bin the
 * sketch cannot order samples, so pairs across the two arms in the same bin count one half, exactly
 * as ties count in the textbook statistic. With the pipeline's 1% sketches two latencies tie only
 * when they are within about 2% of each other, so U differs from the raw-sample U only through
 * those near-ties. The p-value uses the normal approximation with the standard tie correction of
 * the variance, {@code var = n1·n2/12 · ((N+1) - Σ(t³-t)/(N(N-1)))}, and a 0.5 continuity
 * correction. Good for the sample sizes where sketches are used (hundreds and more per arm); for a
 * handful of samples use the exact test on raw samples.
 *
 * <p>Both sketches must share an index mapping ({@code LatencySketch.newSketch()}); negative values
 * are ignored (latencies are never negative). Cost: one pass over the occupied bins; no allocation
 * beyond the two store iterators.
 */
public final class BinnedRankTest {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private BinnedRankTest() {}

    /** One-sided test that {@code canary} is stochastically greater than {@code stable}. */
    public static RankTestResult greater(DDSketch canary, DDSketch stable) {
        if (!canary.getIndexMapping().equals(stable.getIndexMapping())) {
            throw new IllegalArgumentException("sketches must share an index mapping");
        }
        double zeroC = zeroCount(canary);
        double zeroS = zeroCount(stable);
        double nC = zeroC + canary.getPositiveValueStore().getTotalCount();
        double nS = zeroS + stable.getPositiveValueStore().getTotalCount();
        if (nC == 0 || nS == 0) {
            return new RankTestResult(Double.NaN, Double.NaN, Double.NaN);
        }
        // The zero bucket is the lowest tied group.
        double u = zeroC * (zeroS / 2.0);
        double stableBelow = zeroS;
        double ties = cubeMinus(zeroC + zeroS);
        Iterator<Bin> ci = canary.getPositiveValueStore().getAscendingIterator();
        Iterator<Bin> si = stable.getPositiveValueStore().getAscendingIterator();
        Bin cb = next(ci);
        Bin sb = next(si);
        while (cb != null || sb != null) {
            int index;
            double c = 0;
            double s = 0;
            if (sb == null || (cb != null && cb.getIndex() < sb.getIndex())) {
                index = cb.getIndex();
            } else {
                index = sb.getIndex();
            }
            if (cb != null && cb.getIndex() == index) {
                c = cb.getCount();
                cb = next(ci);
            }
            if (sb != null && sb.getIndex() == index) {
                s = sb.getCount();
                sb = next(si);
            }
            u += c * (stableBelow + s / 2.0);
            stableBelow += s;
            ties += cubeMinus(c + s);
        }
        double n = nC + nS;
        double variance = nC * nS / 12.0 * ((n + 1) - ties / (n * (n - 1)));
        double mean = nC * nS / 2.0;
        if (!(variance > 0)) {
            return new RankTestResult(u, 0.0, 1.0);
        }
        double diff = u - mean;
        // Continuity correction towards the mean.
        double corrected = diff > 0 ? Math.max(0, diff - 0.5) : Math.min(0, diff + 0.5);
        double z = corrected / Math.sqrt(variance);
        return new RankTestResult(u, z, STANDARD_NORMAL.survivalProbability(z));
    }

    static double zeroCount(DDSketch sketch) {
        return Math.max(
                0.0,
                sketch.getCount()
                        - sketch.getPositiveValueStore().getTotalCount()
                        - sketch.getNegativeValueStore().getTotalCount());
    }

    private static double cubeMinus(double t) {
        return t * t * t - t;
    }

    private static Bin next(Iterator<Bin> it) {
        while (it.hasNext()) {
            Bin b = it.next();
            if (b.getCount() > 0) {
                return b;
            }
        }
        return null;
    }
}
