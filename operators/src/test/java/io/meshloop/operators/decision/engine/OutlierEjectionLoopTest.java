package io.meshloop.operators.decision.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.Evidence;
import io.meshloop.schemas.policy.Action;
import io.meshloop.schemas.policy.Condition;
import io.meshloop.schemas.policy.Loop;
import io.meshloop.schemas.policy.Mode;
import io.meshloop.schemas.policy.Policy;
import io.meshloop.schemas.policy.Safety;
import io.meshloop.schemas.policy.SignalName;
import io.meshloop.schemas.policy.Target;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutlierEjectionLoopTest {

    private static final long T0 = EngineHarness.T0;
    private static final long STEP = 10_000;
    private static final String SVC = "checkout";
    private static final List<String> FIVE = List.of("i1", "i2", "i3", "i4", "i5");

    /** Drives the loop window by window, keeping its state as the engine does. */
    private static final class Driver {
        final Policy policy;
        final LoopState shared = new LoopState();
        final Map<String, LoopState> perInstance = new HashMap<>();
        long end = T0;

        Driver(Policy policy) {
            this.policy = policy;
        }

        Optional<Decision> window(Signal... signals) {
            end += STEP;
            List<Signal> at = new ArrayList<>();
            for (Signal s : signals) {
                at.add(withEnd(s, end));
            }
            return OutlierEjectionLoop.evaluate(
                    policy,
                    ServiceFrame.of(SVC, end, at),
                    shared,
                    i -> perInstance.computeIfAbsent(i, k -> new LoopState()));
        }

        /** Five instances; the ones in {@code bad} have a 20% error rate, the rest 0.5%. */
        Optional<Decision> errors(Set<String> bad) {
            return window(
                    FIVE.stream()
                            .map(i -> inst(i, 1000, bad.contains(i) ? 200 : 5, 100))
                            .toArray(Signal[]::new));
        }
    }

    private static Policy policy(int maxEjectedPercent, Duration cooldown, int maxTargets) {
        return new Policy(
                "checkout-outliers",
                Mode.ENFORCE,
                Loop.OUTLIER_EJECTION,
                Target.service(SVC),
                new Condition.All(
                        List.of(
                                new Condition.Threshold(
                                        SignalName.ERROR_RATE, Condition.Comparison.GT, 0.1))),
                new Action.OutlierEjection(maxEjectedPercent, Duration.ofSeconds(30), 3),
                new Safety(2, cooldown, Safety.Revert.AUTO, 3, maxTargets));
    }

    private static Signal inst(String instance, long requests, long errors, double p99) {
        return new Signal(
                SignalKey.instance(SVC, "v1", instance),
                Signal.SOURCE_SPANS,
                0,
                0,
                requests,
                errors,
                requests / 10.0,
                requests == 0 ? 0 : (double) errors / requests,
                p99 / 3,
                p99 / 1.5,
                p99 / 1.2,
                p99,
                p99 * 1.1);
    }

    private static Signal withEnd(Signal s, long end) {
        return new Signal(
                s.key(),
                s.source(),
                end - STEP,
                end,
                s.requests(),
                s.errors(),
                s.rate(),
                s.errorRate(),
                s.p50Ms(),
                s.p90Ms(),
                s.p95Ms(),
                s.p99Ms(),
                s.maxMs());
    }

    private static List<String> names(Decision d) {
        return d.evidence().stream().map(Evidence::name).toList();
    }

    @Test
    void oneBadInstanceOfFiveIsEjectedAfterForWindows() {
        Driver d = new Driver(policy(20, Duration.ZERO, 1));
        assertThat(d.errors(Set.of("i2"))).isEmpty();
        Decision dec = d.errors(Set.of("i2")).orElseThrow();
        assertThat(dec.action()).isEqualTo(ActionType.EJECT_INSTANCES);
        assertThat(dec.mode()).isEqualTo(DecisionMode.ENFORCE);
        assertThat(dec.revertOf()).isNull();
        assertThat(dec.target().service()).isEqualTo(SVC);
        assertThat(dec.desired().ejection().instances()).containsExactly("i2");
        assertThat(dec.desired().ejection().maxEjectionPercent()).isEqualTo(20);
        assertThat(dec.desired().ejection().baseEjectionMillis()).isEqualTo(30_000);
        assertThat(names(dec))
                .contains("i2.error_rate", "i2.error_rate.vs_peers", "ejected.percent");
        Evidence rate =
                dec.evidence().stream()
                        .filter(e -> e.name().equals("i2.error_rate.vs_peers"))
                        .findFirst()
                        .orElseThrow();
        assertThat(rate.value()).isEqualTo(0.2);
        assertThat(rate.threshold()).isEqualTo(0.005); // the peers' pooled rate
        // still bad: already ejected, nothing more to do
        assertThat(d.errors(Set.of("i2"))).isEmpty();
    }

    @Test
    void latencyOnlyOutlierIsEjected() {
        Driver d = new Driver(policy(20, Duration.ZERO, 1));
        Signal[] w =
                FIVE.stream()
                        .map(i -> inst(i, 1000, 0, i.equals("i4") ? 1000 : 100))
                        .toArray(Signal[]::new);
        assertThat(d.window(w)).isEmpty();
        Decision dec = d.window(w).orElseThrow();
        assertThat(dec.desired().ejection().instances()).containsExactly("i4");
        Evidence p99 =
                dec.evidence().stream()
                        .filter(e -> e.name().equals("i4.p99_ms.vs_peers"))
                        .findFirst()
                        .orElseThrow();
        assertThat(p99.value()).isEqualTo(1000);
        assertThat(p99.threshold()).isEqualTo(300); // 3 x the peers' median 100
    }

    @Test
    void blastRadiusCapsEjectionsWhenThreeOfFiveGoBad() {
        Driver d = new Driver(policy(20, Duration.ZERO, 3));
        Set<String> bad = Set.of("i1", "i2", "i3");
        assertThat(d.errors(bad)).isEmpty();
        Decision dec = d.errors(bad).orElseThrow();
        assertThat(dec.desired().ejection().instances()).containsExactly("i1");
        assertThat(names(dec)).contains("skipped.i2", "skipped.i3");
        for (int k = 0; k < 5; k++) {
            assertThat(d.errors(bad)).isEmpty();
        }
        assertThat(d.shared.weights).containsOnlyKeys("i1");
    }

    @Test
    void recoveryUnEjectsWithRevertOfAfterCooldown() {
        Driver d = new Driver(policy(20, Duration.ofSeconds(60), 1));
        assertThat(d.errors(Set.of("i3"))).isEmpty();
        Decision eject = d.errors(Set.of("i3")).orElseThrow(); // at +20s
        // clear for revertAfter = 3 windows (+50s), but the cooldown runs until +80s
        for (int k = 0; k < 5; k++) {
            assertThat(d.errors(Set.of())).as("window %d", k).isEmpty();
        }
        Decision revert = d.errors(Set.of()).orElseThrow(); // +80s
        assertThat(revert.time() - eject.time()).isEqualTo(60_000);
        assertThat(revert.revertOf()).isEqualTo(eject.id());
        assertThat(revert.action()).isEqualTo(ActionType.EJECT_INSTANCES);
        assertThat(revert.desired().ejection().instances()).isEmpty();
        assertThat(names(revert)).contains("i3.revert.after");
        assertThat(d.errors(Set.of())).isEmpty();
    }

    @Test
    void flappingInstanceIsNeverEjected() {
        Driver d = new Driver(policy(20, Duration.ZERO, 1));
        for (int k = 0; k < 20; k++) {
            assertThat(d.errors(k % 2 == 0 ? Set.of("i1") : Set.of())).isEmpty();
        }
    }

    @Test
    void fewerThanTwoInstancesDoNothing() {
        Driver d = new Driver(policy(100, Duration.ZERO, 1));
        for (int k = 0; k < 5; k++) {
            assertThat(d.window(inst("i1", 1000, 500, 100))).isEmpty();
            assertThat(d.window()).isEmpty();
        }
        assertThat(d.perInstance).isEmpty();
    }
}
