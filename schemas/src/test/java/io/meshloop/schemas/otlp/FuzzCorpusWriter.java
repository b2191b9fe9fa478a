package io.meshloop.schemas.otlp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Regenerates the committed Jazzer seed corpus from SDK-serialised fixtures (run by hand). */
public final class FuzzCorpusWriter {
    public static void main(String[] args) throws Exception {
        Path base =
                Path.of(
                        args.length > 0
                                ? args[0]
                                : "schemas/src/test/resources/io/meshloop/schemas/otlp/OtlpDecoderFuzzTestInputs");
        var spans = OtlpFixtures.batch(new Random(1), 2, OtlpFixtures.BASE_NANOS);
        var metrics =
                OtlpFixtures.istioScrape(
                        OtlpFixtures.BASE_NANOS, OtlpFixtures.BASE_NANOS + 60_000_000_000L);
        write(
                base.resolve("traceProto"),
                List.of(OtlpFixtures.tracesProto(spans), new byte[] {0x0a, 0x05, 0x12}));
        write(
                base.resolve("traceJson"),
                List.of(OtlpFixtures.tracesJson(spans), "{\"resourceSpans\":[{}]}".getBytes()));
        write(base.resolve("metricProto"), List.of(OtlpFixtures.metricsProto(metrics)));
        write(base.resolve("metricJson"), List.of(OtlpFixtures.metricsJson(metrics)));
    }

    private static void write(Path dir, List<byte[]> seeds) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < seeds.size(); i++) {
            Files.write(dir.resolve("seed-" + i), seeds.get(i));
        }
    }
}
