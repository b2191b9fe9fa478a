package io.meshloop.schemas.otlp;

/**
 * A record's headers as plain (name, value) pairs, so that {@code schemas} needs no Kafka types.
 *
 * <p>Adapting Kafka headers: {@code v -> record.headers().forEach(h -> v.header(h.key(),
 * h.value()))}.
 */
@FunctionalInterface
public interface RecordHeaders {

    /** Receives each header in record order. */
    @FunctionalInterface
    interface Visitor {
        void header(String name, byte[] value);
    }

    void forEach(Visitor visitor);
}
