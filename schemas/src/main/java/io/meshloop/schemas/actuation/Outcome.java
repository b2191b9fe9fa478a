package io.meshloop.schemas.actuation;

/** What happened to a decision, overall. Stable names: they appear in actuation records. */
public enum Outcome {
    /** At least one object was created or patched. */
    APPLIED,
    /** The mesh already was as desired (or the action writes nothing, e.g. ALERT). */
    NOOP,
    /** A DRY_RUN or SUPPRESSED decision: read at most, never written. */
    SKIPPED_DRY_RUN,
    /**
     * The decision cannot be expressed on this mesh, or the mesh refused the object as invalid
     * (HTTP 400/422): retrying the same decision will not help.
     */
    REJECTED,
    /**
     * Writing failed for another reason: forbidden, not found, or transient errors that outlasted
     * the retries. The reason says which.
     */
    FAILED
}
