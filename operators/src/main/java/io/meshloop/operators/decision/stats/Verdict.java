package io.meshloop.operators.decision.stats;

/** Outcome of one canary-versus-stable comparison. */
public enum Verdict {
    /** Enough data, and the canary is not significantly and materially worse. */
    PASS,
    /** The canary is worse, both statistically (p below alpha) and practically (beyond margin). */
    FAIL,
    /** Too little data in at least one arm to judge; never turned into PASS or FAIL. */
    NOT_ENOUGH_DATA
}
