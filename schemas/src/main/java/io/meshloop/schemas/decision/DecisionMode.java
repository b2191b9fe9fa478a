package io.meshloop.schemas.decision;

/** Whether a decision is meant to be applied. */
public enum DecisionMode {
    /** Apply it to the mesh. */
    ENFORCE,
    /** Record it only: actuators never write it. */
    DRY_RUN,
    /**
     * The policy asked for it but a safety rail held it back (cooldown, rate limit, blast radius,
     * kill switch); recorded for explainability, never applied. The reason is in the evidence.
     */
    SUPPRESSED
}
