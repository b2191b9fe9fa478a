package io.meshloop.jobs.actuation;

import static io.meshloop.jobs.actuation.TestDecisions.timeout;
import static io.meshloop.jobs.actuation.TestDecisions.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ActuationFunction} in Flink's keyed operator harness, against {@link TestingMeshClient}:
 * results, order, queueing while the mesh is unavailable, backoff on processing-time timers, state
 * released, and restore.
 */
class ActuationFunctionTest {

    private static final ActuationSettings SETTINGS = ActuationSettings.ofDefaults();

    private final TestingMeshClient mesh = new TestingMeshClient();
    private final List<KeyedOneInputStreamOperatorTestHarness<String, Decision, ActuationResult>>
            opened = new ArrayList<>();
    private KeyedOneInputStreamOperatorTestHarness<String, Decision, ActuationResult> harness;
    private int seen;

    @AfterEach
    void closeHarnesses() throws Exception {
        for (var h : opened) {
            h.close();
        }
    }

    @Test
    void appliesADecisionAtOnceAndKeepsNoState() throws Exception {
        open(null);
        harness.processElement(weights("d1", "cart", 100, 0), 0);

        assertThat(fresh())
                .extracting(ActuationResult::decisionId, ActuationResult::outcome)
                .containsExactly(tuple("d1", Outcome.APPLIED));
        assertReleased();
    }

    @Test
    void dryRunAndSuppressedAreReportedButNeverWrittenEvenWhileAQueueWaits() throws Exception {
        open(null);
        mesh.unavailableFor(1);
        harness.processElement(weights("d1", "cart", 90, 10), 0);
        harness.processElement(weights("dry", "cart", 50, 50, DecisionMode.DRY_RUN), 0);
        harness.processElement(weights("held", "cart", 0, 100, DecisionMode.SUPPRESSED), 0);

        assertThat(fresh())
                .extracting(ActuationResult::decisionId, ActuationResult::outcome)
                .containsExactly(
                        tuple("dry", Outcome.SKIPPED_DRY_RUN),
                        tuple("held", Outcome.SKIPPED_DRY_RUN));
        harness.setProcessingTime(1_000);
        assertThat(fresh()).extracting(ActuationResult::decisionId).containsExactly("d1");
        assertThat(mesh.writes()).containsExactly("d1");
        assertReleased();
    }

    @Test
    void unavailableMeshKeepsDecisionsQueuedInOrderAndRetriesWithBackoff() throws Exception {
        open(null);
        mesh.unavailableFor(3);
        harness.processElement(weights("d1", "cart", 90, 10), 0);
        harness.processElement(timeout("d2", "cart", 1_500), 0);

        assertThat(fresh()).isEmpty();
        assertThat(mesh.attempts()).as("later decisions wait behind the first").isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        // backoff 1 s, then 2 s, then 4 s
        harness.setProcessingTime(999);
        assertThat(mesh.attempts()).isEqualTo(1);
        harness.setProcessingTime(1_000);
        assertThat(mesh.attempts()).isEqualTo(2);
        harness.setProcessingTime(2_999);
        assertThat(mesh.attempts()).isEqualTo(2);
        harness.setProcessingTime(3_000);
        assertThat(mesh.attempts()).isEqualTo(3);
        assertThat(fresh()).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(7_000);
        assertThat(fresh())
                .extracting(ActuationResult::decisionId, ActuationResult::outcome)
                .containsExactly(tuple("d1", Outcome.APPLIED), tuple("d2", Outcome.APPLIED));
        assertThat(mesh.writes()).containsExactly("d1", "d2");
        assertReleased();
    }

    @Test
    void aNewerDecisionForTheSameTargetAndActionSupersedesAQueuedOne() throws Exception {
        open(null);
        mesh.unavailableFor(1);
        harness.processElement(weights("step", "cart", 90, 10), 0);
        harness.processElement(timeout("timeout", "cart", 1_500), 0);
        harness.processElement(weights("rollback", "cart", 100, 0), 0);

        List<ActuationResult> superseded = fresh();
        assertThat(superseded)
                .extracting(ActuationResult::decisionId, ActuationResult::outcome)
                .containsExactly(tuple("step", Outcome.NOOP));
        assertThat(superseded.get(0).reason()).contains("superseded by decision rollback");
        assertThat(superseded.get(0).objects()).isEmpty();

        harness.setProcessingTime(1_000);
        assertThat(fresh())
                .extracting(ActuationResult::decisionId, ActuationResult::outcome)
                .containsExactly(
                        tuple("timeout", Outcome.APPLIED), tuple("rollback", Outcome.APPLIED));
        assertThat(mesh.writes()).containsExactly("timeout", "rollback");
        assertReleased();
    }

    @Test
    void otherServicesAreNotHeldBackByAQueuedOne() throws Exception {
        open(null);
        mesh.unavailableFor(1);
        harness.processElement(weights("cart-1", "cart", 90, 10), 0);
        harness.processElement(weights("pay-1", "payments", 90, 10), 0);

        assertThat(fresh()).extracting(ActuationResult::decisionId).containsExactly("pay-1");
        harness.setProcessingTime(1_000);
        assertThat(fresh()).extracting(ActuationResult::decisionId).containsExactly("cart-1");
        assertThat(mesh.writes()).containsExactly("pay-1", "cart-1");
        assertReleased();
    }

    @Test
    void permanentErrorIsAFailedResultAndIsNotRetried() throws Exception {
        open(null);
        mesh.forbid("d1");
        harness.processElement(weights("d1", "cart", 100, 0), 0);

        List<ActuationResult> results = fresh();
        assertThat(results).extracting(ActuationResult::outcome).containsExactly(Outcome.FAILED);
        assertThat(results.get(0).reason()).contains("forbidden");
        assertThat(mesh.attempts()).isEqualTo(1);
        assertReleased();
    }

    @Test
    void restoreFromASnapshotKeepsTheQueueAndItsTimer() throws Exception {
        open(null);
        mesh.unavailableFor(1);
        harness.processElement(weights("d1", "cart", 90, 10), 0);
        harness.processElement(timeout("d2", "cart", 1_500), 0);
        OperatorSubtaskState snapshot = harness.snapshot(1, 500);
        harness.close();
        opened.remove(harness);

        open(snapshot);
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
        harness.setProcessingTime(1_000);

        assertThat(fresh())
                .extracting(ActuationResult::decisionId, ActuationResult::outcome)
                .containsExactly(tuple("d1", Outcome.APPLIED), tuple("d2", Outcome.APPLIED));
        assertThat(mesh.writes()).containsExactly("d1", "d2");
        assertReleased();
    }

    @Test
    void replayAfterRestoreIsANoopBecauseDesiredStateIsAbsolute() throws Exception {
        open(null);
        OperatorSubtaskState beforeTheDecision = harness.snapshot(1, 0);
        harness.processElement(weights("d1", "cart", 100, 0), 0);
        assertThat(fresh()).extracting(ActuationResult::outcome).containsExactly(Outcome.APPLIED);
        harness.close();
        opened.remove(harness);

        // the job fails before the next checkpoint: the source rewinds and d1 comes again
        open(beforeTheDecision);
        harness.processElement(weights("d1", "cart", 100, 0), 0);

        assertThat(fresh()).extracting(ActuationResult::outcome).containsExactly(Outcome.NOOP);
        assertThat(mesh.writes()).containsExactly("d1");
        assertReleased();
    }

    @Test
    void backoffDoublesUpToTheCap() {
        ActuationSettings s =
                new ActuationSettings(
                        3,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        1);
        assertThat(List.of(1, 2, 3, 4, 100).stream().map(s::backoffMillis))
                .containsExactly(1_000L, 2_000L, 4_000L, 5_000L, 5_000L);
    }

    @Test
    void settingsAreValidatedNamingTheFieldAndTheValue() {
        assertThatThrownBy(
                        () ->
                                new ActuationSettings(
                                        0,
                                        Duration.ofMillis(200),
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(5),
                                        1))
                .hasMessage("actuation.clientAttempts must be in [1, 20], was 0");
        assertThatThrownBy(
                        () ->
                                new ActuationSettings(
                                        3,
                                        Duration.ofMillis(200),
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(10),
                                        Duration.ofSeconds(5),
                                        1))
                .hasMessage("actuation.maxBackoff must be >= initialBackoff (PT10S), was PT5S");
        assertThatThrownBy(() -> ActuationSettings.ofDefaults().withParallelism(0))
                .hasMessage("actuation.parallelism must be >= 1, was 0");
    }

    private void open(OperatorSubtaskState restore) throws Exception {
        TestingMeshClient client = mesh;
        MeshConnector connector = (clock, retry) -> new MeshSession(client, () -> {});
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ActuationFunction(connector, SETTINGS)),
                        ActuationFunction::keyOf,
                        Types.STRING);
        opened.add(harness);
        seen = 0;
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
    }

    private List<ActuationResult> fresh() {
        List<ActuationResult> all = harness.extractOutputValues();
        List<ActuationResult> out = new ArrayList<>(all.subList(seen, all.size()));
        seen = all.size();
        return out;
    }

    private void assertReleased() {
        assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
        assertThat(harness.numProcessingTimeTimers()).as("processing-time timers").isZero();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
