package io.meshloop.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import io.meshloop.schemas.telemetry.MeshMetricKind;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import io.meshloop.schemas.telemetry.SpanKind;
import io.meshloop.schemas.telemetry.StatusCode;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class TelemetrySplitterTest {

    @Test
    void routesEachKindToItsOutput() throws Exception {
        Span span =
                new Span(
                        "0af7651916cd43dd8448eb211c80319c",
                        "b7ad6b7169203331",
                        null,
                        "cart",
                        "v1",
                        "cart-1",
                        null,
                        null,
                        null,
                        SpanKind.SERVER,
                        "GET /cart",
                        "/cart",
                        1_000_000_000L,
                        1_005_000_000L,
                        StatusCode.UNSET,
                        200,
                        -1,
                        null,
                        null,
                        null,
                        null,
                        false);
        MeshMetricPoint point =
                new MeshMetricPoint(
                        MeshMetricKind.REQUESTS_TOTAL,
                        "istio_requests_total{}",
                        "destination",
                        "frontend",
                        "v1",
                        "cart",
                        "v1",
                        null,
                        "200",
                        null,
                        "mutual_tls",
                        0,
                        2_000_000_000L,
                        true,
                        5,
                        0,
                        0,
                        new double[0],
                        new long[0]);
        DeadLetter dead =
                new DeadLetter(
                        DeadLetterReason.UNDECODABLE,
                        "bad protobuf",
                        "otlp_spans",
                        1,
                        42,
                        3_000L,
                        "otlp_proto",
                        1,
                        "AAAA",
                        3);

        try (OneInputStreamOperatorTestHarness<DecodedTelemetry, Span> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new TelemetrySplitter())) {
            harness.processElement(DecodedTelemetry.of(span), 1005);
            harness.processElement(DecodedTelemetry.of(point), 2000);
            harness.processElement(DecodedTelemetry.of(dead), 3000);

            assertThat(harness.extractOutputValues()).containsExactly(span);
            assertThat(harness.getSideOutput(TelemetrySplitter.METRICS))
                    .extracting(StreamRecord::getValue)
                    .usingRecursiveFieldByFieldElementComparator()
                    .containsExactly(point);
            assertThat(harness.getSideOutput(TelemetrySplitter.DEAD_LETTERS))
                    .extracting(StreamRecord::getValue)
                    .containsExactly(dead);
        }
    }
}
