package io.meshloop.operators.istio;

import static io.meshloop.operators.istio.TestPoints.BOUNDS;
import static io.meshloop.operators.istio.TestPoints.histogram;
import static io.meshloop.operators.istio.TestPoints.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.operators.istio.CumulativeDeltas.Step;
import org.junit.jupiter.api.Test;

class CumulativeDeltasTest {

    static final long WINDOW = 10_000;

    @Test
    void firstPointOfAnOldSeriesIsOnlyABaseline() {
        Step s =
                CumulativeDeltas.step(
                        null, requests("200", "destination", 0, 3_600_000, 5000), WINDOW);
        assertThat(s.delta()).isNull();
        assertThat(s.next().value()).isEqualTo(5000);
        Step unknownStart =
                CumulativeDeltas.step(null, requests("200", "destination", 0, 10_000, 5), WINDOW);
        assertThat(unknownStart.delta()).isNull();
    }

    @Test
    void firstPointOfASeriesStartedInsideTheWindowCountsFully() {
        Step s =
                CumulativeDeltas.step(
                        null, requests("200", "destination", 1_000_000, 1_008_000, 7), WINDOW);
        assertThat(s.delta().requests()).isEqualTo(7);
    }

    @Test
    void laterPointsGiveDifferencesAndResetsGiveTheNewValue() {
        Step a =
                CumulativeDeltas.step(
                        null, requests("200", "destination", 1, 3_600_000, 100), WINDOW);
        Step b =
                CumulativeDeltas.step(
                        a.next(), requests("200", "destination", 1, 3_615_000, 130), WINDOW);
        assertThat(b.delta().requests()).isEqualTo(30);
        Step reset =
                CumulativeDeltas.step(
                        b.next(), requests("200", "destination", 1, 3_630_000, 4), WINDOW);
        assertThat(reset.delta().requests()).isEqualTo(4);
        Step restart =
                CumulativeDeltas.step(
                        reset.next(),
                        requests("200", "destination", 3_631_000, 3_645_000, 9),
                        WINDOW);
        assertThat(restart.delta().requests()).isEqualTo(9); // start time moved, value still higher
        Step outOfOrder =
                CumulativeDeltas.step(
                        restart.next(),
                        requests("200", "destination", 3_631_000, 3_640_000, 8),
                        WINDOW);
        assertThat(outOfOrder.delta()).isNull();
        assertThat(outOfOrder.next()).isSameAs(restart.next());
    }

    @Test
    void histogramBucketsGiveBucketDeltasAndResetOnDecreaseOrNewBounds() {
        Step a = CumulativeDeltas.step(null, histogram(1, 3_600_000, BOUNDS, 10, 20, 5, 1), WINDOW);
        assertThat(a.delta()).isNull();
        Step b =
                CumulativeDeltas.step(
                        a.next(), histogram(1, 3_615_000, BOUNDS, 12, 25, 5, 2), WINDOW);
        assertThat(b.delta().bucketDeltas()).containsExactly(2, 5, 0, 1);
        assertThat(b.delta().requests()).isZero();
        Step dec =
                CumulativeDeltas.step(
                        b.next(), histogram(1, 3_630_000, BOUNDS, 1, 30, 5, 2), WINDOW);
        assertThat(dec.delta().bucketDeltas()).containsExactly(1, 30, 5, 2);
        Step rebucket =
                CumulativeDeltas.step(
                        dec.next(),
                        histogram(1, 3_645_000, new double[] {5, 50}, 3, 40, 9),
                        WINDOW);
        assertThat(rebucket.delta().bucketDeltas()).containsExactly(3, 40, 9);
        assertThat(rebucket.delta().bucketBounds()).containsExactly(5, 50);
    }
}
