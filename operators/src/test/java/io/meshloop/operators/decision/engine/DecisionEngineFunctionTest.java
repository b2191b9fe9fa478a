package io.meshloop.operators.decision.engine;

import static io.meshloop.operators.decision.engine.EngineHarness.T0;
import static io.meshloop.operators.decision.engine.EngineHarness.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import io.meshloop.schemas.decision.Evidence;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionEngineFunctionTest {

    @TempDir Path tmp;

    private String canaryPolicy(Path killSwitch) {
        return """
                apiVersion: meshloop.io/v1
                kind: PolicySet
                settings:
                  killSwitch: %s
                  maxActionsPerMinute: 10
                  mode: enforce
                policies:
                  - name: cart-canary
                    loop: canary
                    target: {service: cart, version: v2}
                    when:
                      - any:
                          - compare: {signal: error_rate, baseline: stable-version, test: fisher, confidence: 0.98, minSamples: 100}
                          - compare: {signal: p99_ms, baseline: stable-version, test: quantile, minSamples: 100}
                    action: {stableVersion: v1, stepWeight: 10, maxWeight: 50, interval: 30s}
                    safety: {for: 3, cooldown: 10s}
                """
                .formatted(killSwitch);
    }

    private static final String SHIFT_AWAY =
            """
            apiVersion: meshloop.io/v1
            kind: PolicySet
            settings: {killSwitch: /nonexistent/meshloop/off, maxActionsPerMinute: 10, mode: enforce}
            policies:
              - name: cart-away
                loop: shift-away
                target: {service: cart, version: v2}
                when:
                  - threshold: {signal: error_rate, op: ">", value: 0.05}
                action: {awayWeight: 40, minRemainingWeight: 0}
                safety: {for: 2, cooldown: 5s, revert: auto, revertAfter: 3}
            """;

    /** 900 requests to v1 and 100 to v2 per window (a 10% canary). */
    private static List<Decision> canaryWindow(EngineHarness h, int i, long v2Errors, double v2P99)
            throws Exception {
        long end = T0 + i * 1_000L;
        return h.window(
                end,
                signal("cart", "v1", end, 900, 2, 40),
                signal("cart", "v2", end, 100, v2Errors, v2P99));
    }

    @Test
    void badCanaryIsRolledBackAfterTheHysteresisWithItsEvidence() throws Exception {
        try (EngineHarness h = new EngineHarness(canaryPolicy(tmp.resolve("off")))) {
            assertThat(canaryWindow(h, 1, 0, 40)).isEmpty();
            assertThat(canaryWindow(h, 2, 30, 40)).as("first failing window").isEmpty();
            assertThat(canaryWindow(h, 3, 30, 40)).as("second failing window").isEmpty();
            List<Decision> third = canaryWindow(h, 4, 30, 40);
            assertThat(third).hasSize(1);
            Decision d = third.get(0);
            assertThat(d.action()).isEqualTo(ActionType.SET_WEIGHTS);
            assertThat(d.mode()).isEqualTo(DecisionMode.ENFORCE);
            assertThat(d.time()).isEqualTo(T0 + 4_000);
            assertThat(d.desired().weights())
                    .containsExactly(new VersionWeight("v1", 100), new VersionWeight("v2", 0));
            assertThat(d.target().service()).isEqualTo("cart");
            assertThat(d.evidence())
                    .extracting(Evidence::name)
                    .contains("canary.errors", "stable.errors");
            assertThat(d.summary()).contains("roll back cart v2 from 10% to 0%");
            // the rollout is over: nothing more, even if the canary keeps failing
            for (int i = 5; i < 10; i++) {
                assertThat(canaryWindow(h, i, 30, 40)).isEmpty();
            }
        }
    }

    @Test
    void healthyCanaryStepsUpAfterEachIntervalUpToTheMax() throws Exception {
        try (EngineHarness h = new EngineHarness(canaryPolicy(tmp.resolve("off")))) {
            List<Decision> all = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                all.addAll(canaryWindow(h, i, 0, 40));
            }
            // the observed split is 10%; every 30 s of passes adds 10 up to 50
            assertThat(all)
                    .extracting(d -> d.desired().weights().get(1).percent())
                    .containsExactly(20, 30, 40, 50);
            assertThat(all.get(1).time() - all.get(0).time()).isEqualTo(30_000);
        }
    }

    @Test
    void flappingInputDoesNotOscillate() throws Exception {
        try (EngineHarness h = new EngineHarness(canaryPolicy(tmp.resolve("off")))) {
            for (int i = 1; i <= 60; i++) {
                boolean bad = i % 2 == 0;
                assertThat(canaryWindow(h, i, bad ? 30 : 0, 40)).as("window %d", i).isEmpty();
            }
        }
    }

    @Test
    void killSwitchSuppressesAndTheActionIsProposedAgainWhenLifted() throws Exception {
        Path off = tmp.resolve("off");
        Files.createFile(off);
        try (EngineHarness h = new EngineHarness(canaryPolicy(off))) {
            canaryWindow(h, 1, 30, 40);
            canaryWindow(h, 2, 30, 40);
            List<Decision> suppressed = canaryWindow(h, 3, 30, 40);
            assertThat(suppressed)
                    .singleElement()
                    .extracting(Decision::mode)
                    .isEqualTo(DecisionMode.SUPPRESSED);
            assertThat(suppressed.get(0).evidence())
                    .extracting(Evidence::name)
                    .contains("suppressed.kill-switch");
            Files.delete(off);
            List<Decision> enforced = canaryWindow(h, 4, 30, 40);
            assertThat(enforced)
                    .singleElement()
                    .extracting(Decision::mode)
                    .isEqualTo(DecisionMode.ENFORCE);
        }
    }

    @Test
    void shiftAwayMovesTrafficAndRevertsWhenRecovered() throws Exception {
        try (EngineHarness h = new EngineHarness(SHIFT_AWAY)) {
            List<Decision> out = new ArrayList<>();
            // windows 1-2 healthy; 3-12 v2 fails 20%; 13+ healthy again
            for (int i = 1; i <= 25; i++) {
                long end = T0 + i * 1_000L;
                long v2Errors = i >= 3 && i <= 12 ? 20 : 0;
                out.addAll(
                        h.window(
                                end,
                                signal("cart", "v1", end, 500, 0, 40),
                                signal("cart", "v2", end, 100, v2Errors, 40)));
            }
            assertThat(out)
                    .extracting(d -> d.desired().weights().get(1).percent())
                    .as("v2 weights: 83/17 observed, -40 points (to 0), then restored")
                    .containsExactly(0, 17);
            Decision away = out.get(0);
            Decision back = out.get(1);
            assertThat(away.time()).isEqualTo(T0 + 4_000);
            assertThat(back.revertOf()).isEqualTo(away.id());
            assertThat(back.time()).isEqualTo(T0 + 15_000);
        }
    }

    @Test
    void perRouteSignalsAreNotBuffered() throws Exception {
        try (EngineHarness h = new EngineHarness(canaryPolicy(tmp.resolve("off")))) {
            long end = T0 + 1_000;
            Signal route =
                    new Signal(
                            SignalKey.service("cart", "v1", "/cart"),
                            Signal.SOURCE_SPANS,
                            end - 10_000,
                            end,
                            900,
                            2,
                            90,
                            0.002,
                            10,
                            20,
                            30,
                            40,
                            44);
            h.harness.processElement(route, end - 1);
            assertThat(h.harness.numKeyedStateEntries()).isZero();
            h.harness.processElement(signal("cart", "v1", end, 900, 2, 40), end - 1);
            assertThat(h.harness.numKeyedStateEntries()).isPositive();
        }
    }

    @Test
    void stateIsReleasedWhenAServiceGoesQuiet() throws Exception {
        try (EngineHarness h = new EngineHarness(canaryPolicy(tmp.resolve("off")))) {
            canaryWindow(h, 1, 30, 40);
            assertThat(h.harness.numKeyedStateEntries()).isPositive();
            h.harness.processWatermark(new Watermark(T0 + 1_000 + EngineHarness.IDLE.toMillis()));
            assertThat(h.harness.numKeyedStateEntries()).isZero();
            assertThat(h.harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void restoredFromACheckpointTheHysteresisContinues() throws Exception {
        OperatorSubtaskState snapshot;
        try (EngineHarness h = new EngineHarness(canaryPolicy(tmp.resolve("off")))) {
            canaryWindow(h, 1, 30, 40);
            canaryWindow(h, 2, 30, 40);
            snapshot = h.harness.snapshot(1, T0 + 2_500);
        }
        try (EngineHarness restored =
                new EngineHarness(canaryPolicy(tmp.resolve("off")), snapshot)) {
            List<Decision> d = canaryWindow(restored, 3, 30, 40);
            assertThat(d).as("third failing window in a row, across the restart").hasSize(1);
            assertThat(d.get(0).desired().weights().get(1).percent()).isZero();
        }
    }

    @Test
    void replayGivesTheSameDecisionIds() throws Exception {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (List<String> ids : List.of(first, second)) {
            try (EngineHarness h = new EngineHarness(canaryPolicy(tmp.resolve("off")))) {
                for (int i = 1; i <= 5; i++) {
                    canaryWindow(h, i, 30, 40).forEach(d -> ids.add(d.id()));
                }
            }
        }
        assertThat(first).hasSize(1).isEqualTo(second);
    }
}
