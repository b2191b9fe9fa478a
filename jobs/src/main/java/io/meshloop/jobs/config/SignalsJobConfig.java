package io.meshloop.jobs.config;

import io.meshloop.operators.istio.IstioDeltaConfig;
import io.meshloop.operators.signals.SignalWindowConfig;
import io.meshloop.schemas.otlp.DecoderLimits;
import java.util.Objects;

/**
 * Everything the golden-signals job needs, grouped by concern; each part validates itself.
 *
 * @param kafka topics, encodings and client settings
 * @param watermarks event-time settings of the sources
 * @param window signal window size, slide and lateness
 * @param istio how Istio's cumulative metrics become deltas
 * @param decoder limits that send bad telemetry to the dead-letter topic
 */
public record SignalsJobConfig(
        KafkaSettings kafka,
        WatermarkSettings watermarks,
        SignalWindowConfig window,
        IstioDeltaConfig istio,
        DecoderLimits decoder) {

    public SignalsJobConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(watermarks, "watermarks");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(istio, "istio");
        Objects.requireNonNull(decoder, "decoder");
    }

    public static SignalsJobConfig ofDefaults(String bootstrapServers) {
        return new SignalsJobConfig(
                KafkaSettings.ofDefaults(bootstrapServers),
                WatermarkSettings.ofDefaults(),
                SignalWindowConfig.ofDefaults(),
                IstioDeltaConfig.ofDefaults(),
                DecoderLimits.ofDefaults());
    }

    public SignalsJobConfig withKafka(KafkaSettings kafka) {
        return new SignalsJobConfig(kafka, watermarks, window, istio, decoder);
    }
}
