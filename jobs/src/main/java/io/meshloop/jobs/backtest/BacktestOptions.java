package io.meshloop.jobs.backtest;

import io.meshloop.jobs.config.WatermarkSettings;
import io.meshloop.operators.decision.engine.PolicySource;
import io.meshloop.operators.istio.IstioDeltaConfig;
import io.meshloop.operators.signals.SignalWindowConfig;
import io.meshloop.schemas.otlp.DecoderLimits;
import io.meshloop.schemas.otlp.Encoding;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One backtest: what to read, with which policies, where to write. The signal settings are the
 * production job's defaults, so a backtest sees the signals the live job would have seen.
 *
 * @param input recorded files or a Kafka range
 * @param encoding how the files (or the Kafka records without an encoding header) are encoded
 * @param policies the policy file, validated
 * @param outDir where {@code signals.jsonl}, {@code decisions.jsonl}, {@code deadletters.jsonl} and
 *     {@code summary.md} go (created if missing; existing files are replaced)
 * @param parallelism Flink parallelism, 1..256
 */
public record BacktestOptions(
        BacktestInput input,
        Encoding encoding,
        PolicySource policies,
        Path outDir,
        int parallelism,
        WatermarkSettings watermarks,
        SignalWindowConfig window,
        IstioDeltaConfig istio,
        DecoderLimits decoder) {

    public BacktestOptions {
        Objects.requireNonNull(input, "--input");
        Objects.requireNonNull(encoding, "--encoding");
        Objects.requireNonNull(policies, "--policies");
        Objects.requireNonNull(outDir, "--out");
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException(
                    "--parallelism: " + parallelism + " is not in [1, 256]");
        }
        Objects.requireNonNull(watermarks, "watermarks");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(istio, "istio");
        Objects.requireNonNull(decoder, "decoder");
    }

    /** With the production job's signal, watermark and decoder defaults. */
    public static BacktestOptions of(
            BacktestInput input,
            Encoding encoding,
            PolicySource policies,
            Path outDir,
            int parallelism) {
        return new BacktestOptions(
                input,
                encoding,
                policies,
                outDir,
                parallelism,
                WatermarkSettings.ofDefaults(),
                SignalWindowConfig.ofDefaults(),
                IstioDeltaConfig.ofDefaults(),
                DecoderLimits.ofDefaults());
    }
}
