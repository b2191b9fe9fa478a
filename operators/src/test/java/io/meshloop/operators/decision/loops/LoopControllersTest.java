package io.meshloop.operators.decision.loops;

import static io.meshloop.operators.decision.stats.Verdict.FAIL;
import static io.meshloop.operators.decision.stats.Verdict.NOT_ENOUGH_DATA;
import static io.meshloop.operators.decision.stats.Verdict.PASS;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.operators.decision.stats.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopControllersTest {

    /** Verdicts one per minute from t=0; returns the weight after each. */
    private static List<Integer> weights(CanaryProgression p, Verdict... verdicts) {
        CanaryProgression.State s = CanaryProgression.State.start();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < verdicts.length; i++) {
            s = p.next(s, verdicts[i], i * 60_000L).next();
            out.add(s.weight());
        }
        return out;
    }

    @Test
    void canaryStepsAfterAnIntervalOfPassHoldsOnNoDataAndRollsBackOnFail() {
        CanaryProgression p = new CanaryProgression(10, 30, 120_000);
        assertThat(weights(p, PASS, PASS, PASS, PASS, PASS, PASS, PASS))
                .containsExactly(0, 0, 10, 10, 20, 20, 30);
        assertThat(weights(p, PASS, NOT_ENOUGH_DATA, PASS, PASS, PASS))
                .containsExactly(0, 0, 0, 0, 10);
        assertThat(weights(p, PASS, PASS, PASS, FAIL, PASS, PASS, PASS))
                .containsExactly(0, 0, 10, 0, 0, 0, 0);
    }

    @Test
    void gradientLimitGrowsWhenRttIsFlatAndShrinksWhenItDoubles() {
        ConcurrencyLimiter l =
                new ConcurrencyLimiter(
                        new ConcurrencyLimiter.Config(20, 5, 200, 0.2, 1.5, 600, 10));
        ConcurrencyLimiter.State s = l.initial();
        for (int i = 0; i < 20; i++) {
            s = l.next(s, 10.0, 1000).next(); // saturated, flat RTT: +sqrt(limit)·0.2 per step
        }
        double grown = s.limit();
        assertThat(grown).isGreaterThan(30);
        // first step by hand: 20·0.8 + (20·1 + sqrt 20)·0.2 = 20.894
        assertThat(l.next(l.initial(), 10.0, 1000).next().limit())
                .isCloseTo(20.894, org.assertj.core.data.Offset.offset(1e-3));
        for (int i = 0; i < 10; i++) {
            s = l.next(s, 40.0, 1000).next(); // RTT ×4: gradient clamps at 0.5
        }
        assertThat(s.limit()).isLessThan(grown * 0.6);
        // app-limited: unchanged
        ConcurrencyLimiter.State idle = l.next(s, 10.0, 0).next();
        assertThat(idle.limit()).isEqualTo(s.limit());
    }

    @Test
    void timeoutFollowsP99WithTenPercentHysteresis() {
        TimeoutAdvisor t = TimeoutAdvisor.ofDefaults(); // ×1.5 in [50, 30000]
        double[] p99 = {100, 105, 95, 140, 10, 100_000};
        double[] expect = {150, 150, 150, 210, 50, 30_000};
        double current = 0;
        for (int i = 0; i < p99.length; i++) {
            current = t.next(current, p99[i]).next();
            assertThat(current).as("step %d", i).isEqualTo(expect[i]);
        }
        assertThat(t.next(150, 105).changed()).isFalse(); // 157.5 is +5 %
    }

    @Test
    void retriesOnForTransientErrorsOffOnOverload() {
        RetryAdvisor r = new RetryAdvisor(RetryAdvisor.Config.ofDefaults());
        RetryAdvisor.State s = RetryAdvisor.State.initial(false);
        // {requests, errors, transient, p99}
        double[][] windows = {
            {1000, 0, 0, 50}, // healthy: keep off
            {1000, 20, 18, 52}, // 2 % errors, 90 % 503: enable
            {1000, 80, 70, 90}, // 8 %, rising ×4 and latency ×1.7: overload → off
            {1000, 90, 80, 95}, // still >= 5 %: stay off though mostly 503
            {1000, 10, 9, 50}, // recovered, transient: on again
        };
        boolean[] expect = {false, true, false, false, true};
        for (int i = 0; i < windows.length; i++) {
            double[] w = windows[i];
            s =
                    r.next(s, new RetryAdvisor.Window((long) w[0], (long) w[1], (long) w[2], w[3]))
                            .next();
            assertThat(s.enabled()).as("window %d", i).isEqualTo(expect[i]);
        }
    }

    @Test
    void scalingFollowsHpaWithScaleDownStabilization() {
        ScalingAdvisor a =
                new ScalingAdvisor(new ScalingAdvisor.Config(0.5, 0.1, 1, 20, 300_000, 32));
        // one evaluation per minute: {utilization}
        double[] util = {0.5, 1.0, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.52};
        int[] expect = {4, 8, 8, 8, 8, 8, 8, 4, 4};
        int replicas = 4;
        for (int i = 0; i < util.length; i++) {
            replicas = a.next(i * 60_000L, replicas, util[i]).next();
            assertThat(replicas).as("minute %d", i).isEqualTo(expect[i]);
        }
    }
}
