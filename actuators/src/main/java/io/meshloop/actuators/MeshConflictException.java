package io.meshloop.actuators;

/**
 * Another writer changed the object between our read and our write (HTTP 409, or a GitOps file
 * whose content hash moved). Retried by re-reading and rebuilding the desired object.
 */
public class MeshConflictException extends RetryableMeshException {
    private static final long serialVersionUID = 1L;

    public MeshConflictException(String message, Throwable cause) {
        super(message, 409, cause);
    }
}
