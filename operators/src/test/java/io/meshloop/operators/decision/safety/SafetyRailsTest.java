package io.meshloop.operators.decision.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetyRailsTest {

    private static boolean[] run(Hysteresis h, boolean... input) {
        Hysteresis.State s = Hysteresis.State.INACTIVE;
        boolean[] out = new boolean[input.length];
        for (int i = 0; i < input.length; i++) {
            s = h.next(s, input[i]);
            out[i] = s.active();
        }
        return out;
    }

    @Test
    void hysteresisTriggersAfterNAndReleasesAfterM() {
        Hysteresis h = new Hysteresis(3, 2);
        assertThat(run(h, true, true, true, false, true, false, false, false))
                .containsExactly(false, false, true, true, true, true, false, false);
    }

    @Test
    void flappingInputNeverTriggers() {
        Hysteresis h = new Hysteresis(2, 2);
        boolean[] flap = new boolean[100];
        for (int i = 0; i < flap.length; i++) {
            flap[i] = i % 2 == 0;
        }
        for (boolean b : run(h, flap)) {
            assertThat(b).isFalse();
        }
        // once active, flapping never releases either
        Hysteresis.State s = new Hysteresis.State(true, 0);
        for (boolean b : flap) {
            s = h.next(s, !b);
            assertThat(s.active()).isTrue();
        }
    }

    @Test
    void cooldownIsPerTargetAndForgetsOldTargets() {
        Cooldown c = new Cooldown(60_000);
        assertThat(c.check("a", 0)).isEmpty();
        c.record("a", 0);
        assertThat(c.check("a", 59_999)).isPresent();
        assertThat(c.check("b", 59_999)).isEmpty();
        assertThat(c.check("a", 60_000)).isEmpty();
        c.record("b", 120_000);
        assertThat(c.trackedTargets()).isEqualTo(1);
    }

    @Test
    void rateLimiterAllowsKPerSlidingMinute() {
        GlobalRateLimiter r = new GlobalRateLimiter(3, 60_000);
        long[] times = {0, 10_000, 20_000};
        for (long t : times) {
            assertThat(r.check(t)).isEmpty();
            r.record(t);
        }
        assertThat(r.check(59_999)).hasValueSatisfying(s -> s.contains("3 actions"));
        assertThat(r.check(60_000)).isEmpty();
        r.record(60_000);
        assertThat(r.check(69_999)).isPresent();
        assertThat(r.check(70_000)).isEmpty();
    }

    @Test
    void neverRoutesAllTrafficAwayFromTheLastHealthyVersion() {
        BlastRadius b = new BlastRadius(20);
        // canary v2 healthy, stable v1 unhealthy: a "rollback" to v1 would drop the only healthy
        // one
        BlastRadius.WeightCheck c =
                b.clampWeights(
                        Map.of("v1", 90, "v2", 10), Map.of("v1", 100, "v2", 0), Set.of("v2"));
        assertThat(c.clamped()).isTrue();
        assertThat(c.weights()).isEqualTo(Map.of("v1", 90, "v2", 10));
        // three versions: v3 healthy at 20 keeps 20, the other 80 split 60:20 as proposed 75:25
        c =
                b.clampWeights(
                        Map.of("v1", 50, "v2", 30, "v3", 20),
                        Map.of("v1", 75, "v2", 25, "v3", 0),
                        Set.of("v3"));
        assertThat(c.weights()).isEqualTo(Map.of("v1", 60, "v2", 20, "v3", 20));
        // a normal rollback to the healthy stable passes unchanged
        c = b.clampWeights(Map.of("v1", 90, "v2", 10), Map.of("v1", 100, "v2", 0), Set.of("v1"));
        assertThat(c.clamped()).isFalse();
    }

    @Test
    void ejectionIsCappedByPercentAndNeverTheLastInstance() {
        BlastRadius b = new BlastRadius(20);
        Set<String> ten = Set.of("i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9");
        assertThat(b.checkEjection(ten, Set.of(), "i0")).isEmpty();
        assertThat(b.checkEjection(ten, Set.of("i1"), "i0")).isEmpty(); // 2/10 = 20%
        assertThat(b.checkEjection(ten, Set.of("i1", "i2"), "i0"))
                .hasValueSatisfying(r -> r.contains("30.0% > maxEjectedPercent 20.0%"));
        assertThat(b.checkEjection(ten, Set.of("i0"), "i0")).isPresent();
        assertThat(new BlastRadius(100).checkEjection(Set.of("a"), Set.of(), "a"))
                .hasValueSatisfying(r -> r.contains("no instance"));
    }

    @Test
    void fileKillSwitchFollowsTheFile(@TempDir Path dir) throws Exception {
        Path stop = dir.resolve("STOP");
        KillSwitch k = new FileKillSwitch(stop);
        assertThat(k.engaged()).isFalse();
        Files.createFile(stop);
        assertThat(k.engaged()).isTrue();
        Files.delete(stop);
        assertThat(k.engaged()).isFalse();
        KillSwitch broken =
                new FileKillSwitch(
                        stop,
                        p -> {
                            throw new SecurityException("denied");
                        });
        assertThat(broken.engaged()).isTrue();
    }

    @Test
    void gateAppliesRailsInOrderAndRecordsAllowedActions() {
        boolean[] kill = {false};
        SafetyGate gate =
                new SafetyGate(
                        () -> kill[0],
                        new Cooldown(60_000),
                        new GlobalRateLimiter(2, 60_000),
                        new BlastRadius(50));
        ProposedAction a = new ProposedAction.Other("shop/cart", "timeout");
        ProposedAction b = new ProposedAction.Other("shop/pay", "timeout");
        ProposedAction c = new ProposedAction.Other("shop/web", "timeout");
        assertThat(gate.evaluate(a, 0).allowed()).isTrue();
        assertThat(gate.evaluate(a, 1000))
                .isEqualTo(
                        new GateDecision.Suppressed(
                                "cooldown",
                                "cooldown: last action on shop/cart 1000 ms ago < 60000 ms"));
        assertThat(gate.evaluate(b, 2000).allowed()).isTrue();
        assertThat(gate.evaluate(c, 3000))
                .isInstanceOfSatisfying(
                        GateDecision.Suppressed.class,
                        s -> assertThat(s.rule()).isEqualTo("rateLimit"));
        kill[0] = true;
        assertThat(gate.evaluate(c, 120_000))
                .isInstanceOfSatisfying(
                        GateDecision.Suppressed.class,
                        s -> assertThat(s.rule()).isEqualTo("killSwitch"));
        kill[0] = false;
        ProposedAction.RouteWeights rw =
                new ProposedAction.RouteWeights(
                        "shop/cart",
                        Map.of("v1", 90, "v2", 10),
                        Map.of("v1", 100, "v2", 0),
                        Set.of("v2"));
        assertThat(gate.evaluate(rw, 120_000))
                .isInstanceOfSatisfying(
                        GateDecision.Suppressed.class,
                        s -> assertThat(s.rule()).isEqualTo("blastRadius"));
        ProposedAction.EjectInstance ej =
                new ProposedAction.EjectInstance("shop/cart", Set.of("a", "b"), Set.of(), "a");
        assertThat(gate.evaluate(ej, 120_000).allowed()).isTrue();
    }
}
