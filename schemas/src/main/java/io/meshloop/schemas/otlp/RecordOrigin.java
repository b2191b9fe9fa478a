package io.meshloop.schemas.otlp;

/**
 * Where a record value came from; copied into dead letters and used as the reference time of the
 * timestamp sanity checks.
 *
 * @param topic Kafka topic (or input file), may be null
 * @param partition partition, -1 when unknown
 * @param offset offset, -1 when unknown
 * @param timestampMs record timestamp, epoch ms, -1 when unknown (relative checks are then skipped)
 */
public record RecordOrigin(String topic, int partition, long offset, long timestampMs) {

    private static final RecordOrigin UNKNOWN = new RecordOrigin(null, -1, -1, -1);

    /** An origin with nothing known. */
    public static RecordOrigin unknown() {
        return UNKNOWN;
    }

    public boolean hasTimestamp() {
        return timestampMs >= 0;
    }
}
