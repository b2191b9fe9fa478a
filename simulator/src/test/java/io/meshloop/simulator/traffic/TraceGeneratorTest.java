package io.meshloop.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TraceGeneratorTest {

    private static final long T0 = 1_700_000_000_000L * 1_000_000L;
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

    @Test
    void traceVisitsEveryServiceWithClientServerPairsAndConsistentIds() {
        List<SpanData> trace = new TraceGenerator(Topology.shop(), 1).trace(T0, List.of());

        Map<String, SpanData> byId =
                trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        assertThat(trace).extracting(SpanData::getTraceId).containsOnly(trace.get(0).getTraceId());
        // 7 SERVER spans (one per service) and 6 CLIENT spans (one per call)
        assertThat(trace.stream().filter(s -> s.getKind() == SpanKind.SERVER)).hasSize(7);
        assertThat(trace.stream().filter(s -> s.getKind() == SpanKind.CLIENT)).hasSize(6);
        Set<String> services =
                trace.stream()
                        .map(s -> s.getResource().getAttribute(SERVICE))
                        .collect(Collectors.toSet());
        assertThat(services)
                .containsExactlyInAnyOrder(
                        "frontend", "cart", "catalog", "checkout", "payment", "shipping", "redis");
        for (SpanData s : trace) {
            if (s.getKind() == SpanKind.SERVER && !s.getParentSpanContext().isValid()) {
                assertThat(s.getResource().getAttribute(SERVICE)).isEqualTo("frontend");
                continue;
            }
            SpanData parent = byId.get(s.getParentSpanId());
            assertThat(parent).as("parent of %s", s.getName()).isNotNull();
            // a SERVER span's parent is the caller's CLIENT span, a CLIENT span's parent the
            // SERVER span of its own service; children never outlive their parents
            assertThat(parent.getKind())
                    .isEqualTo(s.getKind() == SpanKind.SERVER ? SpanKind.CLIENT : SpanKind.SERVER);
            assertThat(s.getStartEpochNanos()).isGreaterThanOrEqualTo(parent.getStartEpochNanos());
            assertThat(s.getEndEpochNanos()).isLessThanOrEqualTo(parent.getEndEpochNanos());
        }
    }

    @Test
    void sameSeedSameTraces() {
        List<SpanData> a = new TraceGenerator(Topology.shop(), 7).trace(T0, List.of());
        List<SpanData> b = new TraceGenerator(Topology.shop(), 7).trace(T0, List.of());
        assertThat(a).isEqualTo(b);
    }

    @Test
    void faultRaisesErrorsOnlyOfTheFaultyVersionAndPropagatesToCallers() {
        long from = T0 / 1_000_000L;
        Fault fault = new Fault("cart", "v2", from, from + 60_000, 1.0, 3.0);
        TraceGenerator gen = new TraceGenerator(Topology.shop(), 3);
        int cartV2 = 0;
        for (int i = 0; i < 500; i++) {
            List<SpanData> trace = gen.trace(T0 + i * 1_000_000L, List.of(fault));
            for (SpanData s : trace) {
                if (s.getKind() != SpanKind.SERVER) {
                    continue;
                }
                String svc = s.getResource().getAttribute(SERVICE);
                String ver =
                        s.getResource().getAttribute(AttributeKey.stringKey("service.version"));
                if (svc.equals("cart") && ver.equals("v2")) {
                    cartV2++;
                    assertThat(s.getStatus()).isEqualTo(StatusData.error());
                    // and the frontend that called it answered 500 too
                    assertThat(trace.get(trace.size() - 1).getStatus())
                            .isEqualTo(StatusData.error());
                }
            }
        }
        // 10% of traffic goes to v2: 500 requests give about 50
        assertThat(cartV2).isBetween(25, 80);
    }

    @Test
    void topologyRejectsUndefinedCalleesAndCycles() {
        ServiceSpec a =
                new ServiceSpec(
                        "a",
                        List.of(new ServiceSpec.VersionSpec("v1", 1)),
                        1,
                        "/",
                        1,
                        0.1,
                        0,
                        List.of("b"));
        assertThatThrownBy(() -> Topology.of("a", List.of(a)))
                .hasMessageContaining("calls undefined service 'b'");
        ServiceSpec b =
                new ServiceSpec(
                        "b",
                        List.of(new ServiceSpec.VersionSpec("v1", 1)),
                        1,
                        "/",
                        1,
                        0.1,
                        0,
                        List.of("a"));
        assertThatThrownBy(() -> Topology.of("a", List.of(a, b))).hasMessageContaining("cycle");
    }
}
