package io.meshloop.it.support;

import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.simulator.otlp.OtlpTraceEncoder;
import io.meshloop.simulator.traffic.Fault;
import io.meshloop.simulator.traffic.Topology;
import io.meshloop.simulator.traffic.TraceGenerator;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Recorded shop traffic for end-to-end tests: {@code tracesPerTick} traces every 100 ms of event
 * time, each tick one Kafka record (as the Collector's batch processor would send it) stamped with
 * its event time, spread round-robin over the partitions, every third one as OTLP/JSON announced by
 * a header.
 */
public final class ShopTraffic {

    private ShopTraffic() {}

    /**
     * @param spans receives every generated span, for computing expectations independently
     */
    public static List<ProducerRecord<byte[], byte[]>> records(
            String topic,
            int partitions,
            long startMillis,
            long durationMillis,
            int tracesPerTick,
            List<Fault> faults,
            long seed,
            List<SpanData> spans) {
        TraceGenerator generator = new TraceGenerator(Topology.shop(), seed);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        int tick = 0;
        for (long t = startMillis; t < startMillis + durationMillis; t += 100, tick++) {
            List<SpanData> batch = new ArrayList<>();
            for (int i = 0; i < tracesPerTick; i++) {
                batch.addAll(generator.trace((t + i * 100L / tracesPerTick) * 1_000_000L, faults));
            }
            spans.addAll(batch);
            Encoding encoding = tick % 3 == 2 ? Encoding.OTLP_JSON : Encoding.OTLP_PROTO;
            ProducerRecord<byte[], byte[]> r =
                    new ProducerRecord<>(
                            topic,
                            tick % partitions,
                            t + 100,
                            null,
                            OtlpTraceEncoder.encode(batch, encoding));
            if (encoding == Encoding.OTLP_JSON) {
                r.headers().add("encoding", "otlp_json".getBytes(StandardCharsets.UTF_8));
            }
            records.add(r);
        }
        return records;
    }
}
