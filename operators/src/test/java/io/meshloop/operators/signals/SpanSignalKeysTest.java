package io.meshloop.operators.signals;

import static io.meshloop.operators.signals.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.telemetry.SpanKind;
import org.junit.jupiter.api.Test;

class SpanSignalKeysTest {

    @Test
    void serverSpanCountsForRouteRollUpAndInstance() {
        assertThat(SpanSignalKeys.keysOf(TestSpans.server(1000, 5, false)))
                .containsExactly(
                        SignalKey.service("checkout", "v1", "/pay"),
                        SignalKey.service("checkout", "v1", SignalKey.ALL),
                        SignalKey.instance("checkout", "v1", "pod-1"));
    }

    @Test
    void serverSpanWithoutRouteOrInstanceOnlyRollsUp() {
        assertThat(
                        SpanSignalKeys.keysOf(
                                span(
                                        "cart",
                                        null,
                                        null,
                                        SpanKind.CONSUMER,
                                        null,
                                        1000,
                                        5,
                                        false,
                                        null,
                                        null,
                                        null)))
                .containsExactly(SignalKey.service("cart", SignalKey.UNKNOWN, SignalKey.ALL));
    }

    @Test
    void clientSpanGivesCallerSideEdge() {
        assertThat(
                        SpanSignalKeys.keysOf(
                                span(
                                        "frontend",
                                        "v3",
                                        "pod-9",
                                        SpanKind.CLIENT,
                                        "/x",
                                        1000,
                                        5,
                                        false,
                                        "checkout",
                                        null,
                                        null)))
                .containsExactly(SignalKey.edge("frontend", "checkout", null));
    }

    @Test
    void serverSpanUnderUninstrumentedCallerGivesCalleeSideEdge() {
        assertThat(
                        SpanSignalKeys.keysOf(
                                span(
                                        "checkout",
                                        "v2",
                                        null,
                                        SpanKind.SERVER,
                                        null,
                                        1000,
                                        5,
                                        false,
                                        null,
                                        "frontend",
                                        SpanKind.INTERNAL)))
                .containsExactly(
                        SignalKey.service("checkout", "v2", SignalKey.ALL),
                        SignalKey.edge("frontend", "checkout", "v2"));
    }

    @Test
    void serverSpanUnderInstrumentedClientOrSameServiceGivesNoEdge() {
        assertThat(
                        SpanSignalKeys.keysOf(
                                span(
                                        "checkout",
                                        "v2",
                                        null,
                                        SpanKind.SERVER,
                                        null,
                                        1000,
                                        5,
                                        false,
                                        null,
                                        "frontend",
                                        SpanKind.CLIENT)))
                .containsExactly(SignalKey.service("checkout", "v2", SignalKey.ALL));
        assertThat(
                        SpanSignalKeys.keysOf(
                                span(
                                        "checkout",
                                        "v2",
                                        null,
                                        SpanKind.SERVER,
                                        null,
                                        1000,
                                        5,
                                        false,
                                        null,
                                        "checkout",
                                        SpanKind.INTERNAL)))
                .containsExactly(SignalKey.service("checkout", "v2", SignalKey.ALL));
    }

    @Test
    void internalProducerAndCalleelessClientSpansCountNothing() {
        assertThat(
                        SpanSignalKeys.keysOf(
                                span(
                                        "a",
                                        "v",
                                        "p",
                                        SpanKind.INTERNAL,
                                        "/r",
                                        1000,
                                        5,
                                        false,
                                        "b",
                                        null,
                                        null)))
                .isEmpty();
        assertThat(
                        SpanSignalKeys.keysOf(
                                span(
                                        "a",
                                        "v",
                                        "p",
                                        SpanKind.PRODUCER,
                                        "/r",
                                        1000,
                                        5,
                                        false,
                                        "b",
                                        null,
                                        null)))
                .isEmpty();
        assertThat(
                        SpanSignalKeys.keysOf(
                                span(
                                        "a",
                                        "v",
                                        "p",
                                        SpanKind.CLIENT,
                                        "/r",
                                        1000,
                                        5,
                                        false,
                                        null,
                                        null,
                                        null)))
                .isEmpty();
    }

    @Test
    void keyStringsParseBack() {
        for (SignalKey k :
                new SignalKey[] {
                    SignalKey.service("s", "v", "/a/b"),
                    SignalKey.instance("s", null, "pod"),
                    SignalKey.edge("a", "b", null)
                }) {
            assertThat(SignalKeys.parse(k.asString())).isEqualTo(k);
        }
    }
}
