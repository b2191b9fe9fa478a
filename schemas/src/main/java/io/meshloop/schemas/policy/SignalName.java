package io.meshloop.schemas.policy;

/**
 * A golden signal a condition can test, spelled as in {@code meshloop.signals} (see {@code
 * signal.schema.json}). Latencies are milliseconds; rates are per second; ratios are 0..1.
 */
public enum SignalName implements YamlEnum {
    /** errors / requests over the window, 0..1. */
    ERROR_RATE("error_rate", Kind.RATIO),
    /** requests per second. */
    RATE("rate", Kind.RATE),
    P50_MS("p50_ms", Kind.LATENCY),
    P90_MS("p90_ms", Kind.LATENCY),
    P95_MS("p95_ms", Kind.LATENCY),
    P99_MS("p99_ms", Kind.LATENCY),
    MAX_MS("max_ms", Kind.LATENCY),
    /** requests that ended in the window (a count, not a rate). */
    REQUESTS("requests", Kind.COUNT),
    /**
     * Anomaly score from the anomaly detector (issue 6), 0 = normal; until it exists the engine
     * treats it as "no data" and the condition never holds.
     */
    ANOMALY_SCORE("anomaly_score", Kind.SCORE);

    /** What kind of quantity a signal is: decides which values and tests make sense. */
    public enum Kind {
        RATIO,
        RATE,
        LATENCY,
        COUNT,
        SCORE
    }

    private final String yamlName;
    private final Kind kind;

    SignalName(String yamlName, Kind kind) {
        this.yamlName = yamlName;
        this.kind = kind;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }

    public Kind kind() {
        return kind;
    }
}
