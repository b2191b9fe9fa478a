package io.meshloop.schemas.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming protobuf decoder and the {@code parseFrom} reference agree on varied input. */
class TraceDecoderCrossCheckTest {

    private static final RecordOrigin ORIGIN =
            new RecordOrigin("otlp_spans", 0, 1, OtlpFixtures.BASE_NANOS / 1_000_000L + 1000);

    @Test
    void streamingMatchesParseFrom() throws Exception {
        Random rnd = new Random(42);
        OtlpTraceDecoder streaming = new OtlpTraceDecoder();
        ReferenceTraceDecoder reference = new ReferenceTraceDecoder(DecoderLimits.ofDefaults());
        int total = 0;
        for (int round = 0; round < 200; round++) {
            List<SpanData> spans =
                    new ArrayList<>(
                            OtlpFixtures.batch(rnd, 1 + rnd.nextInt(8), OtlpFixtures.BASE_NANOS));
            for (int i = rnd.nextInt(6); i > 0; i--) {
                spans.add(randomSpan(rnd));
            }
            byte[] bytes = OtlpFixtures.tracesProto(spans);
            CollectingCollector a = new CollectingCollector();
            CollectingCollector b = new CollectingCollector();
            streaming.decode(bytes, Encoding.OTLP_PROTO, ORIGIN, a);
            reference.decode(bytes, ORIGIN, b);
            assertThat(a.spans).isEqualTo(b.spans);
            assertThat(a.deadLetters)
                    .extracting(DeadLetter::reason, DeadLetter::detail, DeadLetter::items)
                    .isEqualTo(
                            b.deadLetters.stream()
                                    .map(
                                            d ->
                                                    org.assertj.core.groups.Tuple.tuple(
                                                            d.reason(), d.detail(), d.items()))
                                    .toList());
            total += a.spans.size() + a.deadLetters.size();
        }
        assertThat(total).isGreaterThan(1000);
    }

    /** A span with random kinds, statuses, attribute types and occasionally odd values. */
    private static SpanData randomSpan(Random rnd) {
        String[] services = {"a", "b|c", "", "svc-" + rnd.nextInt(5)};
        var ra = Attributes.builder();
        if (rnd.nextInt(8) > 0) {
            ra.put("service.name", services[rnd.nextInt(services.length)]);
        }
        if (rnd.nextBoolean()) {
            ra.put("service.version", "v" + rnd.nextInt(3));
        }
        if (rnd.nextBoolean()) {
            ra.put("k8s.pod.name", "pod-" + rnd.nextInt(9));
        }
        if (rnd.nextInt(10) == 0) {
            ra.put("cloud.region", "x".repeat(4097));
        }
        Resource r = OtlpFixtures.resource(ra.build());
        var a = Attributes.builder();
        if (rnd.nextBoolean()) {
            a.put("http.response.status_code", (long) (100 + rnd.nextInt(500)));
        }
        if (rnd.nextBoolean()) {
            a.put("http.status_code", Integer.toString(100 + rnd.nextInt(500)));
        }
        if (rnd.nextBoolean()) {
            a.put("rpc.grpc.status_code", (long) rnd.nextInt(17));
        }
        if (rnd.nextBoolean()) {
            a.put("rpc.service", "S" + rnd.nextInt(3));
            a.put("rpc.method", "M" + rnd.nextInt(3));
        }
        if (rnd.nextBoolean()) {
            a.put("server.address", "host-" + rnd.nextInt(3));
        }
        if (rnd.nextBoolean()) {
            a.put("net.peer.name", "peer-" + rnd.nextInt(3));
        }
        if (rnd.nextBoolean()) {
            a.put("peer.service", "ps" + rnd.nextInt(3));
        }
        if (rnd.nextInt(10) == 0) {
            a.put("http.route", "/" + "y".repeat(5000));
        }
        a.put("noise", rnd.nextLong());
        long start = OtlpFixtures.BASE_NANOS + rnd.nextInt(1_000_000_000);
        long end = start + (rnd.nextInt(10) == 0 ? -5 : rnd.nextInt(100_000_000));
        return OtlpFixtures.span(
                r,
                OtlpFixtures.hex(rnd, 16),
                OtlpFixtures.hex(rnd, 8),
                rnd.nextBoolean() ? OtlpFixtures.hex(rnd, 8) : null,
                SpanKind.values()[rnd.nextInt(SpanKind.values().length)],
                "op" + rnd.nextInt(3),
                start,
                end,
                StatusCode.values()[rnd.nextInt(3)],
                a.build());
    }
}
