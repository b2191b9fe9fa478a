package io.meshloop.operators.decision.engine;

import static io.meshloop.operators.decision.engine.EngineHarness.T0;
import static io.meshloop.operators.decision.engine.EngineHarness.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutsLoopTest {

    private static final String POLICY =
            """
            apiVersion: meshloop.io/v1
            kind: PolicySet
            settings: {killSwitch: /nonexistent/meshloop/off, maxActionsPerMinute: 10, mode: enforce}
            policies:
              - name: payment-timeout
                loop: timeouts
                target: {service: payment}
                action: {headroom: 1.5, min: 100ms, max: 5s}
                safety: {for: 3, cooldown: 20s}
            """;

    /** Feeds windows 1..n where window i has p99 {@code p99[i-1]}; returns every decision. */
    private static List<Decision> run(double... p99) throws Exception {
        List<Decision> out = new ArrayList<>();
        try (EngineHarness h = new EngineHarness(POLICY)) {
            for (int i = 1; i <= p99.length; i++) {
                long end = T0 + i * 1_000L;
                out.addAll(
                        h.window(
                                end,
                                signal("payment", "v1", end, 200, 0, p99[i - 1]),
                                signal("payment", "v2", end, 100, 0, p99[i - 1] / 2)));
            }
        }
        return out;
    }

    private static double[] repeat(double value, int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static double[] concat(double[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test
    void setsP99TimesHeadroomOfTheSlowestVersionAfterTheHysteresis() throws Exception {
        List<Decision> d = run(repeat(200, 5));
        assertThat(d)
                .singleElement()
                .satisfies(
                        x -> {
                            assertThat(x.action()).isEqualTo(ActionType.SET_TIMEOUT);
                            assertThat(x.desired().timeoutMillis()).isEqualTo(300L);
                            assertThat(x.time()).isEqualTo(T0 + 3_000);
                        });
    }

    @Test
    void jitterBelowTenPercentChangesNothingAndAShiftWaitsForTheCooldown() throws Exception {
        double[] p99 =
                concat(
                        repeat(200, 3), // -> 300 ms at window 3
                        new double[] {210, 190, 205, 195, 215, 185}, // within 10%: nothing
                        repeat(600, 30)); // -> 900 ms, but not before the 20 s cooldown
        List<Decision> d = run(p99);
        assertThat(d).extracting(x -> x.desired().timeoutMillis()).containsExactly(300L, 900L);
        assertThat(d.get(1).time() - d.get(0).time()).isGreaterThanOrEqualTo(20_000);
    }

    @Test
    void clampsToTheConfiguredBounds() throws Exception {
        assertThat(run(repeat(10_000, 3)))
                .extracting(x -> x.desired().timeoutMillis())
                .containsExactly(5_000L);
        assertThat(run(repeat(20, 3)))
                .extracting(x -> x.desired().timeoutMillis())
                .containsExactly(100L);
    }
}
