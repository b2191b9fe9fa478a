package io.meshloop.schemas.deadletter;

/** Why a piece of telemetry could not be used. Stable names: they appear in dead-letter records. */
public enum DeadLetterReason {
    /** The record value is not a valid message of the configured encoding. */
    UNDECODABLE,
    /** The record's encoding header names an encoding this pipeline does not know. */
    UNKNOWN_ENCODING,
    /** The record value is empty. */
    EMPTY_RECORD,
    /** The resource carries no {@code service.name}. */
    MISSING_SERVICE_NAME,
    /** A timestamp is far in the future or past of the record, or the end precedes the start. */
    ABSURD_TIMESTAMP,
    /** An attribute value the pipeline reads is larger than the configured limit. */
    OVERSIZED_ATTRIBUTE,
    /** An identifier (trace or span id) has the wrong length. */
    INVALID_ID,
    /** The event arrived after its window had been emitted (beyond allowed lateness). */
    LATE
}
