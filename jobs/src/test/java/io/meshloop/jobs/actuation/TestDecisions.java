package io.meshloop.jobs.actuation;

import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.util.List;

/** Decisions for the actuation tests, with readable ids. */
final class TestDecisions {

    static final long T0 = 1_740_787_200_000L;

    private TestDecisions() {}

    static Decision weights(String id, String service, int stable, int canary) {
        return weights(id, service, stable, canary, DecisionMode.ENFORCE);
    }

    static Decision weights(String id, String service, int stable, int canary, DecisionMode mode) {
        return decision(
                id,
                new DecisionTarget(null, service, "v2", null, null, null, null),
                ActionType.SET_WEIGHTS,
                DesiredState.weights(
                        List.of(new VersionWeight("v1", stable), new VersionWeight("v2", canary))),
                mode);
    }

    static Decision timeout(String id, String service, long millis) {
        return decision(
                id,
                DecisionTarget.service(service),
                ActionType.SET_TIMEOUT,
                DesiredState.timeout(millis),
                DecisionMode.ENFORCE);
    }

    static Decision decision(
            String id,
            DecisionTarget target,
            ActionType action,
            DesiredState desired,
            DecisionMode mode) {
        return new Decision(
                id,
                T0,
                "test-policy",
                "canary",
                target,
                action,
                desired,
                mode,
                "test decision " + id,
                List.of(),
                null);
    }
}
