package io.meshloop.schemas.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EncodingTest {

    private static RecordHeaders headers(String... kv) {
        return v -> {
            for (int i = 0; i < kv.length; i += 2) {
                v.header(kv[i], kv[i + 1].getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    @Test
    void resolvesFromHeadersAndConfig() {
        assertThat(Encoding.fromConfigName("OTLP_JSON")).isEqualTo(Encoding.OTLP_JSON);
        assertThatThrownBy(() -> Encoding.fromConfigName("zipkin"))
                .hasMessageContaining("'zipkin'");
        assertThat(Encoding.resolve(Encoding.OTLP_PROTO, headers()).encoding())
                .isEqualTo(Encoding.OTLP_PROTO);
        assertThat(
                        Encoding.resolve(
                                        Encoding.OTLP_PROTO,
                                        headers("content-type", "application/json; charset=utf-8"))
                                .encoding())
                .isEqualTo(Encoding.OTLP_JSON);
        assertThat(
                        Encoding.resolve(
                                        Encoding.OTLP_JSON,
                                        headers("Content-Type", "application/x-protobuf"))
                                .encoding())
                .isEqualTo(Encoding.OTLP_PROTO);
        assertThat(
                        Encoding.resolve(
                                        Encoding.OTLP_PROTO,
                                        headers(
                                                "content-type",
                                                "application/x-protobuf",
                                                "otlp-encoding",
                                                "otlp_json"))
                                .encoding())
                .isEqualTo(Encoding.OTLP_JSON);
        EncodingResolution u = Encoding.resolve(Encoding.OTLP_PROTO, headers("encoding", "raw"));
        assertThat(u.isKnown()).isFalse();
        assertThat(u.rawValue()).isEqualTo("raw");
        assertThat(
                        Encoding.resolve(Encoding.OTLP_PROTO, headers("content-type", "text/plain"))
                                .isKnown())
                .isFalse();
    }

    @Test
    void limitsValidateNamingFieldAndValue() {
        assertThat(DecoderLimits.ofDefaults().maxAttributeValueBytes()).isEqualTo(4096);
        assertThatThrownBy(() -> DecoderLimits.builder().maxAttributeValueBytes(0).build())
                .hasMessageContaining("maxAttributeValueBytes")
                .hasMessageContaining("0");
        assertThatThrownBy(
                        () -> DecoderLimits.builder().maxFutureSkew(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("maxFutureSkew")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> DecoderLimits.builder().versionAttribute(" ").build())
                .hasMessageContaining("versionAttribute");
    }
}
