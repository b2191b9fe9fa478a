package io.meshloop.actuators;

import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.util.ArrayList;
import java.util.List;

/** Decisions for tests, all on {@code shop/cart}. */
final class Decisions {
    static final String NS = "shop";
    static final String SVC = "cart";
    static final DecisionTarget TARGET = new DecisionTarget(NS, SVC, null, null, null, null, null);

    private Decisions() {}

    static Decision of(ActionType action, DesiredState desired) {
        return of(action, desired, DecisionMode.ENFORCE);
    }

    static Decision of(ActionType action, DesiredState desired, DecisionMode mode) {
        long time = 1_740_787_210_000L;
        return new Decision(
                Decision.idFor("test", TARGET, action, time, desired),
                time,
                "test",
                "canary",
                TARGET,
                action,
                desired,
                mode,
                "test decision",
                List.of(),
                null);
    }

    /** SET_WEIGHTS: version, percent, version, percent, ... */
    static Decision weights(Object... versionPercent) {
        List<VersionWeight> w = new ArrayList<>();
        for (int i = 0; i < versionPercent.length; i += 2) {
            w.add(new VersionWeight((String) versionPercent[i], (Integer) versionPercent[i + 1]));
        }
        return of(ActionType.SET_WEIGHTS, DesiredState.weights(w));
    }
}
