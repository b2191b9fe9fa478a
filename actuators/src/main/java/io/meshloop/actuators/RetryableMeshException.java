package io.meshloop.actuators;

/**
 * A retry-later condition: a timeout, HTTP 5xx, 429 (throttled), or a conflicting concurrent write.
 * Actuators retry it with backoff; it reaches callers of {@link MeshClient#read} only.
 */
public class RetryableMeshException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status HTTP status of the mesh API answer, 0 when there was none (timeout, I/O)
     */
    public RetryableMeshException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
