package io.meshloop.schemas.actuation;

/**
 * What happened to one mesh object (as in strimzi's reconcile results). There is no {@code
 * DELETED}: actuators never delete, only create and patch the objects and fields they own.
 */
public enum Change {
    /** Already as desired: not written. */
    NOOP,
    /** Did not exist: created, labelled as managed by meshloop. */
    CREATED,
    /** Existed and differed in a field meshloop manages: updated. */
    PATCHED
}
