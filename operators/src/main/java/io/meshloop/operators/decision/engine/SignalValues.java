package io.meshloop.operators.decision.engine;

import io.meshloop.schemas.policy.SignalName;
import io.meshloop.schemas.signal.Signal;

/** Reads a named signal out of a {@link Signal} record. */
final class SignalValues {

    private SignalValues() {}

    /** The value, or NaN when the signal does not carry it (e.g. anomaly scores, for now). */
    static double value(Signal s, SignalName name) {
        return switch (name.yamlName()) {
            case "error_rate" -> s.errorRate();
            case "rate" -> s.rate();
            case "requests" -> s.requests();
            case "p50_ms" -> s.p50Ms();
            case "p90_ms" -> s.p90Ms();
            case "p95_ms" -> s.p95Ms();
            case "p99_ms" -> s.p99Ms();
            case "max_ms" -> s.maxMs();
            default -> Double.NaN;
        };
    }

    static String unit(SignalName name) {
        return switch (name.kind()) {
            case RATIO -> "ratio";
            case RATE -> "req/s";
            case COUNT -> "requests";
            case LATENCY -> "ms";
            default -> "score";
        };
    }
}
