package io.meshloop.schemas.deadletter;

/**
 * A piece of telemetry that could not be used, with enough context to find and replay it.
 *
 * @param reason why
 * @param detail human-readable explanation, naming the offending field and value where possible
 * @param topic Kafka topic the record came from (or the input file for replays)
 * @param partition Kafka partition, -1 when not from Kafka
 * @param offset Kafka offset, -1 when not from Kafka
 * @param recordTimestamp Kafka record timestamp (epoch ms), -1 when unknown
 * @param encoding encoding the payload was decoded with ("otlp_proto", "otlp_json", or the header
 *     value that was not understood)
 * @param items how many spans or points this dead letter stands for (a whole batch can fail)
 * @param payloadBase64 the payload (or the offending item), base64, cut to at most 4 KiB of bytes
 * @param payloadBytes the payload's full size in bytes
 */
public record DeadLetter(
        DeadLetterReason reason,
        String detail,
        String topic,
        int partition,
        long offset,
        long recordTimestamp,
        String encoding,
        int items,
        String payloadBase64,
        int payloadBytes) {}
