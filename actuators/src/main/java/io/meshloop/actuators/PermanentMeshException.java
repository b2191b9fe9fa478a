package io.meshloop.actuators;

import io.meshloop.schemas.actuation.Outcome;

/**
 * A failure that retrying the same decision will not fix. {@link #outcome()} says how it is
 * reported: {@code REJECTED} when the decision cannot be expressed or the mesh refused the object
 * as invalid (HTTP 400/422), {@code FAILED} otherwise (403 forbidden, 404 CRD not installed, ...).
 */
public class PermanentMeshException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Outcome outcome;
    private final int status;

    public PermanentMeshException(Outcome outcome, int status, String message, Throwable cause) {
        super(message, cause);
        if (outcome != Outcome.REJECTED && outcome != Outcome.FAILED) {
            throw new IllegalArgumentException(
                    "outcome must be REJECTED or FAILED, was " + outcome);
        }
        this.outcome = outcome;
        this.status = status;
    }

    /**
     * A decision that cannot be expressed on this mesh, or an object meshloop must not take over.
     */
    public static PermanentMeshException rejected(String message) {
        return new PermanentMeshException(Outcome.REJECTED, 0, message, null);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** HTTP status of the refusal, 0 when it did not come from the mesh API. */
    public int status() {
        return status;
    }
}
