package io.meshloop.jobs.io;

import io.meshloop.schemas.actuation.ActuationJson;
import io.meshloop.schemas.json.DecisionJson;
import io.meshloop.schemas.json.TelemetryJson;

/** The JSON writers of every meshloop topic, created once per sink subtask. */
public record JsonCodecs(
        TelemetryJson telemetry, DecisionJson decisions, ActuationJson actuations) {
    public static JsonCodecs create() {
        return new JsonCodecs(new TelemetryJson(), new DecisionJson(), new ActuationJson());
    }
}
