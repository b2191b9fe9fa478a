package io.meshloop.schemas.otlp;

import static io.meshloop.schemas.otlp.OtlpFixtures.BASE_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.telemetry.Span;
import io.meshloop.schemas.telemetry.SpanKind;
import io.meshloop.schemas.telemetry.StatusCode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OtlpTraceDecoderTest {

    private static final long RECORD_MS = BASE_NANOS / 1_000_000L + 60_000;
    private static final RecordOrigin ORIGIN = new RecordOrigin("otlp_spans", 3, 42, RECORD_MS);
    private static final long MS = 1_000_000L;

    private static CollectingCollector decode(byte[] value, Encoding enc) {
        CollectingCollector c = new CollectingCollector();
        new OtlpTraceDecoder().decode(value, enc, ORIGIN, c);
        return c;
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void mapsEveryField(Encoding enc) {
        List<SpanData> trace = OtlpFixtures.trace(new Random(1), BASE_NANOS, false);
        CollectingCollector c = decode(OtlpFixtures.encode(trace, enc), enc);
        assertThat(c.deadLetters).isEmpty();
        assertThat(c.spans).hasSize(5);
        java.util.Map<String, Span> byId = new java.util.HashMap<>();
        c.spans.forEach(x -> byId.put(x.spanId(), x));
        Span fe = byId.get(trace.get(0).getSpanId());
        SpanData src = trace.get(0);
        assertThat(fe.traceId()).isEqualTo(src.getTraceId()).hasSize(32);
        assertThat(fe.spanId()).isEqualTo(src.getSpanId());
        assertThat(fe.parentSpanId()).isNull();
        assertThat(fe.service()).isEqualTo("frontend");
        assertThat(fe.version()).isEqualTo("v1.4.2");
        assertThat(fe.instance()).endsWith("-uid");
        assertThat(fe.environment()).isEqualTo("prod");
        assertThat(fe.region()).isEqualTo("eu-west-1");
        assertThat(fe.zone()).isEqualTo("eu-west-1a");
        assertThat(fe.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(fe.name()).isEqualTo("GET /cart");
        assertThat(fe.route()).isEqualTo("/cart");
        assertThat(fe.startUnixNanos()).isEqualTo(BASE_NANOS);
        assertThat(fe.endUnixNanos()).isEqualTo(BASE_NANOS + 40 * MS);
        assertThat(fe.status()).isEqualTo(StatusCode.UNSET);
        assertThat(fe.httpStatus()).isEqualTo(200);
        assertThat(fe.grpcStatus()).isEqualTo(-1);
        assertThat(fe.peerAddress()).isNull();
        assertThat(fe.parentService()).isNull();
        assertThat(fe.error()).isFalse();

        Span feClient = byId.get(trace.get(1).getSpanId());
        assertThat(feClient.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(feClient.peerAddress()).isEqualTo("checkout.shop.svc.cluster.local");
        assertThat(feClient.peerService()).isEqualTo("checkout");
        assertThat(feClient.parentService()).isEqualTo("frontend");
        assertThat(feClient.parentKind()).isEqualTo(SpanKind.SERVER);

        Span coServer = byId.get(trace.get(2).getSpanId());
        assertThat(coServer.parentService()).isEqualTo("frontend");
        assertThat(coServer.parentKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(coServer.route()).isEqualTo("/checkout/{id}");

        Span pay = byId.get(trace.get(4).getSpanId());
        assertThat(pay.route()).isEqualTo("shop.Payment/Charge");
        assertThat(pay.grpcStatus()).isZero();
        assertThat(pay.httpStatus()).isZero();
        assertThat(pay.parentService()).isEqualTo("checkout");
        assertThat(pay.parentKind()).isEqualTo(SpanKind.CLIENT);
    }

    @Test
    void bothEncodingsAgreeOnManyBatches() {
        Random rnd = new Random(7);
        for (int i = 0; i < 20; i++) {
            List<SpanData> batch = OtlpFixtures.batch(rnd, 1 + rnd.nextInt(20), BASE_NANOS);
            List<Span> p = decode(OtlpFixtures.tracesProto(batch), Encoding.OTLP_PROTO).spans;
            List<Span> j = decode(OtlpFixtures.tracesJson(batch), Encoding.OTLP_JSON).spans;
            // The SDK groups spans by resource in a hash map, so batch order may differ.
            assertThat(p).hasSize(batch.size()).containsExactlyInAnyOrderElementsOf(j);
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void classifiesErrorsPerSemconv(Encoding enc) {
        Resource r = OtlpFixtures.resource("svc", "v1", "pod-1");
        long t = BASE_NANOS;
        List<SpanData> spans = new ArrayList<>();
        Object[][] cases = {
            // kind, http, grpc, status, expected error
            {io.opentelemetry.api.trace.SpanKind.SERVER, 404L, null, "UNSET", false},
            {io.opentelemetry.api.trace.SpanKind.SERVER, 500L, null, "UNSET", true},
            {io.opentelemetry.api.trace.SpanKind.CLIENT, 404L, null, "UNSET", true},
            {io.opentelemetry.api.trace.SpanKind.CLIENT, null, 5L, "UNSET", true},
            {io.opentelemetry.api.trace.SpanKind.SERVER, null, 5L, "UNSET", false},
            {io.opentelemetry.api.trace.SpanKind.SERVER, null, 13L, "UNSET", true},
            {io.opentelemetry.api.trace.SpanKind.INTERNAL, 500L, null, "UNSET", false},
            {io.opentelemetry.api.trace.SpanKind.INTERNAL, null, null, "ERROR", true},
            {io.opentelemetry.api.trace.SpanKind.SERVER, 200L, null, "OK", false},
        };
        Random rnd = new Random(3);
        String traceId = OtlpFixtures.hex(rnd, 16);
        for (Object[] k : cases) {
            var b = Attributes.builder();
            if (k[1] != null) {
                b.put(OtlpFixtures.HTTP_STATUS, (Long) k[1]);
            }
            if (k[2] != null) {
                b.put(OtlpFixtures.GRPC_STATUS, (Long) k[2]);
            }
            spans.add(
                    OtlpFixtures.span(
                            r,
                            traceId,
                            OtlpFixtures.hex(rnd, 8),
                            null,
                            (io.opentelemetry.api.trace.SpanKind) k[0],
                            "op",
                            t,
                            t + MS,
                            io.opentelemetry.api.trace.StatusCode.valueOf((String) k[3]),
                            b.build()));
        }
        List<Span> out = decode(OtlpFixtures.encode(spans, enc), enc).spans;
        assertThat(out).hasSize(cases.length);
        for (int i = 0; i < cases.length; i++) {
            String id = spans.get(i).getSpanId();
            assertThat(
                            out.stream()
                                    .filter(x -> x.spanId().equals(id))
                                    .findFirst()
                                    .orElseThrow()
                                    .error())
                    .as("case %s", Arrays.toString(cases[i]))
                    .isEqualTo(cases[i][4]);
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void fallbacksLegacyAttributesStringIntsAndPipes(Encoding enc) {
        Resource r =
                OtlpFixtures.resource(
                        Attributes.builder()
                                .put("service.name", "a|b")
                                .put("service.version", "1|2")
                                .put("k8s.pod.name", "pod|x")
                                .put("deployment.environment", "staging")
                                .build());
        Random rnd = new Random(5);
        SpanData s =
                OtlpFixtures.span(
                        r,
                        OtlpFixtures.hex(rnd, 16),
                        OtlpFixtures.hex(rnd, 8),
                        null,
                        io.opentelemetry.api.trace.SpanKind.CLIENT,
                        "call",
                        BASE_NANOS,
                        BASE_NANOS + MS,
                        io.opentelemetry.api.trace.StatusCode.UNSET,
                        Attributes.builder()
                                .put("http.status_code", "502")
                                .put("net.peer.name", "legacy-host")
                                .put("rpc.grpc.status_code", "4")
                                .put("http.route", "/x|y")
                                .build());
        Span out = decode(OtlpFixtures.encode(List.of(s), enc), enc).spans.get(0);
        assertThat(out.service()).isEqualTo("a_b");
        assertThat(out.version()).isEqualTo("1_2");
        assertThat(out.instance()).isEqualTo("pod_x");
        assertThat(out.environment()).isEqualTo("staging");
        assertThat(out.route()).isEqualTo("/x_y");
        assertThat(out.httpStatus()).isEqualTo(502);
        assertThat(out.grpcStatus()).isEqualTo(4);
        assertThat(out.peerAddress()).isEqualTo("legacy-host");
        assertThat(out.error()).isTrue();
    }

    @Test
    void configurableVersionAttribute() {
        Resource r =
                OtlpFixtures.resource(
                        Attributes.builder()
                                .put("service.name", "s")
                                .put("service.version", "ignored")
                                .put("app.revision", "r7")
                                .build());
        Random rnd = new Random(9);
        SpanData s =
                OtlpFixtures.span(
                        r,
                        OtlpFixtures.hex(rnd, 16),
                        OtlpFixtures.hex(rnd, 8),
                        null,
                        io.opentelemetry.api.trace.SpanKind.SERVER,
                        "x",
                        BASE_NANOS,
                        BASE_NANOS + MS,
                        io.opentelemetry.api.trace.StatusCode.UNSET,
                        Attributes.empty());
        CollectingCollector c = new CollectingCollector();
        new OtlpTraceDecoder(DecoderLimits.ofDefaults().withVersionAttribute("app.revision"))
                .decode(OtlpFixtures.tracesProto(List.of(s)), Encoding.OTLP_PROTO, ORIGIN, c);
        assertThat(c.spans.get(0).version()).isEqualTo("r7");
    }

    // ---- dead letters

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void missingServiceNameDeadLettersTheResourceButKeepsOthers(Encoding enc) {
        Random rnd = new Random(11);
        List<SpanData> spans = new ArrayList<>(OtlpFixtures.trace(rnd, BASE_NANOS, false));
        Resource anon =
                OtlpFixtures.resource(Attributes.builder().put("service.version", "v9").build());
        String tid = OtlpFixtures.hex(rnd, 16);
        for (int i = 0; i < 3; i++) {
            spans.add(
                    OtlpFixtures.span(
                            anon,
                            tid,
                            OtlpFixtures.hex(rnd, 8),
                            null,
                            io.opentelemetry.api.trace.SpanKind.SERVER,
                            "x",
                            BASE_NANOS,
                            BASE_NANOS + MS,
                            io.opentelemetry.api.trace.StatusCode.UNSET,
                            Attributes.empty()));
        }
        CollectingCollector c = decode(OtlpFixtures.encode(spans, enc), enc);
        assertThat(c.spans).hasSize(5);
        assertThat(c.deadLetters).hasSize(1);
        DeadLetter d = c.deadLetters.get(0);
        assertThat(d.reason()).isEqualTo(DeadLetterReason.MISSING_SERVICE_NAME);
        assertThat(d.items()).isEqualTo(3);
        assertThat(d.detail()).contains("service.name");
        assertThat(d.topic()).isEqualTo("otlp_spans");
        assertThat(d.partition()).isEqualTo(3);
        assertThat(d.offset()).isEqualTo(42);
        assertThat(d.recordTimestamp()).isEqualTo(RECORD_MS);
        assertThat(d.encoding()).isEqualTo(enc.configName());
        assertThat(d.payloadBase64()).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void absurdTimestampsAreDeadLetteredOnePerSpan(Encoding enc) {
        Resource r = OtlpFixtures.resource("svc", "v1", "p");
        Random rnd = new Random(13);
        String tid = OtlpFixtures.hex(rnd, 16);
        long recNanos = RECORD_MS * MS;
        long[][] times = {
            {BASE_NANOS, BASE_NANOS + MS}, // good
            {BASE_NANOS + MS, BASE_NANOS}, // end before start
            {recNanos + 10 * 60_000 * MS, recNanos + 11 * 60_000 * MS}, // 11 min in future
            {recNanos - 25 * 3_600_000 * MS, recNanos - 25 * 3_600_000 * MS + MS}, // 25 h old
            {1000, 2000}, // 1970
        };
        List<SpanData> spans = new ArrayList<>();
        for (long[] t : times) {
            spans.add(
                    OtlpFixtures.span(
                            r,
                            tid,
                            OtlpFixtures.hex(rnd, 8),
                            null,
                            io.opentelemetry.api.trace.SpanKind.SERVER,
                            "x",
                            t[0],
                            t[1],
                            io.opentelemetry.api.trace.StatusCode.UNSET,
                            Attributes.empty()));
        }
        CollectingCollector c = decode(OtlpFixtures.encode(spans, enc), enc);
        assertThat(c.spans).hasSize(1);
        assertThat(c.deadLetters)
                .hasSize(4)
                .allSatisfy(
                        d -> {
                            assertThat(d.reason()).isEqualTo(DeadLetterReason.ABSURD_TIMESTAMP);
                            assertThat(d.items()).isEqualTo(1);
                        });
        assertThat(c.spans.get(0).spanId()).isEqualTo(spans.get(0).getSpanId());
        String[] expected = {
            "before start", "after record timestamp", "before record timestamp", "2000-01-01"
        };
        for (int i = 1; i < spans.size(); i++) {
            String id = spans.get(i).getSpanId();
            int idx = i - 1;
            assertThat(c.deadLetters)
                    .filteredOn(d -> d.detail().contains(id))
                    .singleElement()
                    .satisfies(d -> assertThat(d.detail()).contains(expected[idx]));
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void oversizedAttributeValues(Encoding enc) {
        Resource r = OtlpFixtures.resource("svc", "v1", "p");
        Resource bigRes =
                OtlpFixtures.resource(
                        Attributes.builder().put("service.name", "x".repeat(5000)).build());
        Random rnd = new Random(17);
        String tid = OtlpFixtures.hex(rnd, 16);
        List<SpanData> spans =
                List.of(
                        OtlpFixtures.span(
                                r,
                                tid,
                                OtlpFixtures.hex(rnd, 8),
                                null,
                                io.opentelemetry.api.trace.SpanKind.SERVER,
                                "x",
                                BASE_NANOS,
                                BASE_NANOS + MS,
                                io.opentelemetry.api.trace.StatusCode.UNSET,
                                Attributes.builder()
                                        .put("http.route", "/" + "r".repeat(5000))
                                        .put("unread.attribute", "u".repeat(10000))
                                        .build()),
                        OtlpFixtures.span(
                                r,
                                tid,
                                OtlpFixtures.hex(rnd, 8),
                                null,
                                io.opentelemetry.api.trace.SpanKind.SERVER,
                                "x",
                                BASE_NANOS,
                                BASE_NANOS + MS,
                                io.opentelemetry.api.trace.StatusCode.UNSET,
                                Attributes.builder()
                                        .put("unread.attribute", "u".repeat(10000))
                                        .build()),
                        OtlpFixtures.span(
                                bigRes,
                                tid,
                                OtlpFixtures.hex(rnd, 8),
                                null,
                                io.opentelemetry.api.trace.SpanKind.SERVER,
                                "x",
                                BASE_NANOS,
                                BASE_NANOS + MS,
                                io.opentelemetry.api.trace.StatusCode.UNSET,
                                Attributes.empty()));
        CollectingCollector c = decode(OtlpFixtures.encode(spans, enc), enc);
        assertThat(c.spans).hasSize(1);
        assertThat(c.deadLetters)
                .extracting(DeadLetter::reason)
                .containsOnly(DeadLetterReason.OVERSIZED_ATTRIBUTE);
        assertThat(c.deadLetters).hasSize(2);
        assertThat(c.deadLetters)
                .anySatisfy(d -> assertThat(d.detail()).contains("http.route", "5001 bytes"));
        assertThat(c.deadLetters).anySatisfy(d -> assertThat(d.detail()).contains("service.name"));
        assertThat(c.deadLetters)
                .allSatisfy(d -> assertThat(d.payloadBase64().length()).isLessThanOrEqualTo(5464));
    }

    @Test
    void invalidIdsProto() {
        Random rnd = new Random(19);
        List<SpanData> trace = OtlpFixtures.trace(rnd, BASE_NANOS, false);
        TracesData.Builder td;
        try {
            td = TracesData.parseFrom(OtlpFixtures.tracesProto(trace)).toBuilder();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        // Corrupt ids of SDK-produced spans (the SDK itself never writes wrong lengths).
        var spans = td.getResourceSpansBuilder(0).getScopeSpansBuilder(0);
        spans.getSpansBuilder(0).setTraceId(ByteString.copyFrom(new byte[15]));
        if (spans.getSpansCount() > 1) {
            spans.getSpansBuilder(1).setSpanId(ByteString.copyFromUtf8("abc"));
        }
        CollectingCollector c = decode(td.build().toByteArray(), Encoding.OTLP_PROTO);
        assertThat(c.deadLetters)
                .extracting(DeadLetter::reason)
                .containsOnly(DeadLetterReason.INVALID_ID);
        assertThat(c.deadLetters).hasSizeBetween(1, 2);
        assertThat(c.deadLetters.get(0).detail()).contains("trace_id");
        assertThat(c.spans.size() + c.deadLetters.size()).isEqualTo(5);
    }

    @Test
    void invalidIdsJsonAndBase64IdsRejected() {
        Random rnd = new Random(23);
        List<SpanData> trace = OtlpFixtures.trace(rnd, BASE_NANOS, false);
        String json = new String(OtlpFixtures.tracesJson(trace), StandardCharsets.UTF_8);
        String tid = trace.get(0).getTraceId();
        // A protobuf-JsonFormat style base64 id instead of hex.
        String b64 =
                java.util.Base64.getEncoder()
                        .encodeToString(java.util.HexFormat.of().parseHex(tid));
        String broken = json.replace("\"" + tid + "\"", "\"" + b64 + "\"");
        CollectingCollector c = decode(broken.getBytes(StandardCharsets.UTF_8), Encoding.OTLP_JSON);
        assertThat(c.spans).isEmpty();
        assertThat(c.deadLetters)
                .hasSize(5)
                .allSatisfy(
                        d -> {
                            assertThat(d.reason()).isEqualTo(DeadLetterReason.INVALID_ID);
                            assertThat(d.detail()).contains("traceId").contains(b64);
                        });
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void recordLevelFailures(Encoding enc) {
        assertThat(decode(new byte[0], enc).deadLetters)
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(DeadLetterReason.EMPTY_RECORD));
        assertThat(decode(null, enc).deadLetters)
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(DeadLetterReason.EMPTY_RECORD));
        byte[] garbage = "\u00ff\u00ff\u00ff not otlp {".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(decode(garbage, enc).deadLetters)
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(DeadLetterReason.UNDECODABLE));
        // Wrong encoding: the other format's bytes.
        List<SpanData> t = OtlpFixtures.trace(new Random(2), BASE_NANOS, false);
        Encoding other = enc == Encoding.OTLP_PROTO ? Encoding.OTLP_JSON : Encoding.OTLP_PROTO;
        CollectingCollector c = decode(OtlpFixtures.encode(t, other), enc);
        assertThat(c.spans).isEmpty();
        assertThat(c.deadLetters).isNotEmpty();
    }

    @Test
    void truncatedProtoKeepsCompleteResourcesAndDeadLettersTheRest() {
        List<SpanData> spans = OtlpFixtures.batch(new Random(29), 10, BASE_NANOS);
        byte[] full = OtlpFixtures.tracesProto(spans);
        byte[] cut = Arrays.copyOf(full, full.length - 10);
        CollectingCollector c = decode(cut, Encoding.OTLP_PROTO);
        assertThat(c.deadLetters)
                .last()
                .satisfies(
                        d -> {
                            assertThat(d.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
                            assertThat(d.payloadBytes()).isEqualTo(cut.length);
                            assertThat(d.items()).isPositive();
                        });
        assertThat(c.spans).isNotEmpty();
        // items counts the spans seen in the broken ResourceSpans; spans after the cut are unknown.
        assertThat(c.spans.size() + c.deadLetters.get(c.deadLetters.size() - 1).items())
                .isBetween(spans.size() - 5, spans.size());
    }

    @Test
    void unknownEncodingHeaderIsDeadLettered() {
        EncodingResolution res =
                Encoding.resolve(
                        Encoding.OTLP_PROTO,
                        v -> v.header("encoding", "zipkin_json".getBytes(StandardCharsets.UTF_8)));
        CollectingCollector c = new CollectingCollector();
        new OtlpTraceDecoder().decode(new byte[] {1, 2}, res, ORIGIN, c);
        assertThat(c.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason()).isEqualTo(DeadLetterReason.UNKNOWN_ENCODING);
                            assertThat(d.encoding()).isEqualTo("zipkin_json");
                            assertThat(d.detail()).contains("zipkin_json");
                        });
    }

    @Test
    void statsCount() {
        OtlpTraceDecoder dec = new OtlpTraceDecoder();
        dec.decode(
                OtlpFixtures.tracesProto(OtlpFixtures.trace(new Random(1), BASE_NANOS, false)),
                Encoding.OTLP_PROTO,
                ORIGIN,
                new CollectingCollector());
        dec.decode(new byte[0], Encoding.OTLP_PROTO, ORIGIN, new CollectingCollector());
        assertThat(dec.stats()).isEqualTo(new DecodeStats(2, 5, 0, 1, 1, 0));
    }
}
