package io.meshloop.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden files: a change of the wire format must fail here, loudly. */
class TelemetryJsonTest {

    private final TelemetryJson json = new TelemetryJson();

    static final Signal SIGNAL =
            new Signal(
                    SignalKey.service("checkout", "v2", "/checkout/{id}"),
                    Signal.SOURCE_SPANS,
                    1_735_689_600_000L,
                    1_735_689_610_000L,
                    1200,
                    7,
                    120.0,
                    7 / 1200.0,
                    12.5,
                    30.25,
                    41.0,
                    88.75,
                    120.5);
    static final Signal EDGE_NO_LATENCY =
            new Signal(
                    SignalKey.edge("frontend", "checkout", null),
                    Signal.SOURCE_ISTIO,
                    1_735_689_600_000L,
                    1_735_689_610_000L,
                    0,
                    0,
                    0.0,
                    0.0,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN);
    static final DeadLetter DEAD =
            new DeadLetter(
                    DeadLetterReason.INVALID_ID,
                    "trace_id '00' has 1 bytes, expected 16",
                    "otlp_spans",
                    3,
                    42,
                    1_735_689_660_000L,
                    "otlp_proto",
                    1,
                    "AAEC",
                    3);

    private static String golden(String name) throws IOException {
        try (InputStream in = TelemetryJsonTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void signalMatchesGoldenAndRoundTrips() throws IOException {
        assertThat(new String(json.signalToJson(SIGNAL), StandardCharsets.UTF_8))
                .isEqualTo(golden("signal-service.json"));
        assertThat(
                        json.signalFromJson(
                                golden("signal-service.json").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(SIGNAL);
    }

    @Test
    void nanQuantilesAreNull() throws IOException {
        String s = new String(json.signalToJson(EDGE_NO_LATENCY), StandardCharsets.UTF_8);
        assertThat(s).isEqualTo(golden("signal-edge-nan.json"));
        Signal back = json.signalFromJson(s.getBytes(StandardCharsets.UTF_8));
        assertThat(back.key()).isEqualTo(EDGE_NO_LATENCY.key());
        assertThat(back.p99Ms()).isNaN();
    }

    @Test
    void deadLetterMatchesGoldenAndRoundTrips() throws IOException {
        assertThat(new String(json.deadLetterToJson(DEAD), StandardCharsets.UTF_8))
                .isEqualTo(golden("deadletter.json"));
        assertThat(
                        json.deadLetterFromJson(
                                golden("deadletter.json").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DEAD);
    }

    @Test
    void rejectsBadRecordsNamingTheField() {
        assertThatThrownBy(
                        () ->
                                json.signalFromJson(
                                        "{\"scope\":\"service\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source");
        assertThatThrownBy(
                        () ->
                                json.deadLetterFromJson(
                                        "{\"reason\":\"NOPE\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("reason")
                .hasMessageContaining("NOPE");
    }

    @Test
    void schemasAreOnTheClasspath() {
        assertThat(TelemetryJson.class.getResource("/schemas/signal.schema.json")).isNotNull();
        assertThat(TelemetryJson.class.getResource("/schemas/deadletter.schema.json")).isNotNull();
    }
}
