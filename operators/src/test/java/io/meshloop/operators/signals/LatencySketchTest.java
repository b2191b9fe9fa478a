package io.meshloop.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

    /** Nearest-rank quantile of sorted values: the smallest value with at least q·n at or below. */
    static double nearestRank(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static void assertWithinOnePercent(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(expected * LatencySketch.RELATIVE_ACCURACY));
    }

    @Test
    void encodedSketchKeepsQuantilesWithinOnePercent() {
        Random rnd = new Random(7);
        double[] v = new double[1000];
        DDSketch s = LatencySketch.newSketch();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(Math.log(40) + 0.8 * rnd.nextGaussian());
            LatencySketch.add(s, v[i], 1);
        }
        DDSketch back = LatencySketch.decode(LatencySketch.encode(s));
        Arrays.sort(v);
        assertThat(back.getCount()).isEqualTo(1000.0);
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
            assertWithinOnePercent(back.getValueAtQuantile(q), nearestRank(v, q));
        }
    }

    @Test
    void roundTripsZerosSparseAndEmpty() {
        DDSketch s = LatencySketch.newSketch();
        assertThat(LatencySketch.encode(s)).containsExactly(0);
        assertThat(LatencySketch.decode(LatencySketch.encode(s)).isEmpty()).isTrue();

        LatencySketch.add(s, 0.0, 3);
        assertThat(LatencySketch.decode(LatencySketch.encode(s)).getCount()).isEqualTo(3.0);

        LatencySketch.add(s, 0.5, 1);
        LatencySketch.add(s, 90_000.0, 2); // far apart: sparse encoding
        byte[] bytes = LatencySketch.encode(s);
        assertThat(bytes.length).isLessThan(20);
        DDSketch back = LatencySketch.decode(bytes);
        assertThat(back.getCount()).isEqualTo(6.0);
        assertWithinOnePercent(back.getMaxValue(), 90_000.0);
        assertThat(back.getValueAtQuantile(0.0)).isEqualTo(0.0);
    }

    @Test
    void mergeIntoAddsCounts() {
        DDSketch a = LatencySketch.newSketch();
        LatencySketch.add(a, 10, 5);
        DDSketch b = LatencySketch.newSketch();
        LatencySketch.add(b, 20, 5);
        DDSketch merged = LatencySketch.decode(LatencySketch.encode(a));
        LatencySketch.mergeInto(LatencySketch.encode(b), merged);
        assertThat(merged.getCount()).isEqualTo(10.0);
        assertWithinOnePercent(merged.getValueAtQuantile(0.99), 20.0);
    }
}
