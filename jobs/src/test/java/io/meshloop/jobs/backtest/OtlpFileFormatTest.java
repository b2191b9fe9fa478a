package io.meshloop.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.otlp.DecoderLimits;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import io.meshloop.simulator.otlp.OtlpTraceEncoder;
import io.meshloop.simulator.traffic.Fault;
import io.meshloop.simulator.traffic.Topology;
import io.meshloop.simulator.traffic.TraceGenerator;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The file exporter's formats, written with bytes from the OpenTelemetry SDK's marshaler, read back
 * through the Flink format: every span comes out, and broken messages become dead letters naming
 * the file and the message index while the rest of the file is still read.
 */
class OtlpFileFormatTest {

    private static final long T0 = 1_740_787_200_000L;

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void readsEverySpanOfEveryMessage(Encoding encoding) throws IOException {
        Path file = dir.resolve("traces." + ext(encoding));
        List<List<SpanData>> batches = batches(5, 4);
        try (FileExporterWriter w = new FileExporterWriter(file, encoding)) {
            for (List<SpanData> b : batches) {
                w.write(OtlpTraceEncoder.encode(b, encoding));
            }
        }

        List<DecodedTelemetry> items = read(file, encoding);

        long expected = batches.stream().mapToLong(List::size).sum();
        assertThat(items).allSatisfy(t -> assertThat(t.span()).isNotNull());
        assertThat(items).hasSize((int) expected);
        assertThat(items.get(0).span().service()).isNotBlank();
        assertThat(items).extracting(DecodedTelemetry::eventTimeMillis).allMatch(t -> t >= T0);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void garbageMessageIsADeadLetterWithFileAndIndexAndTheRestIsRead(Encoding encoding)
            throws IOException {
        Path file = dir.resolve("garbage." + ext(encoding));
        List<List<SpanData>> batches = batches(2, 3);
        try (FileExporterWriter w = new FileExporterWriter(file, encoding)) {
            w.write(OtlpTraceEncoder.encode(batches.get(0), encoding));
            w.write(
                    encoding == Encoding.OTLP_JSON
                            ? "{not json".getBytes(StandardCharsets.UTF_8)
                            : new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0x02});
            w.write(OtlpTraceEncoder.encode(batches.get(1), encoding));
        }

        List<DecodedTelemetry> items = read(file, encoding);

        List<DeadLetter> dead = deadLetters(items);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(dead.get(0).topic()).isEqualTo(file.toString());
        assertThat(dead.get(0).offset()).isEqualTo(1);
        assertThat(dead.get(0).partition()).isEqualTo(-1);
        assertThat(items.stream().filter(t -> t.span() != null).count())
                .isEqualTo(batches.get(0).size() + batches.get(1).size());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void truncatedLastMessageIsADeadLetter(Encoding encoding) throws IOException {
        Path file = dir.resolve("truncated." + ext(encoding));
        List<List<SpanData>> batches = batches(2, 3);
        byte[] second = OtlpTraceEncoder.encode(batches.get(1), encoding);
        try (FileExporterWriter w = new FileExporterWriter(file, encoding)) {
            w.write(OtlpTraceEncoder.encode(batches.get(0), encoding));
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            if (encoding == Encoding.OTLP_PROTO) {
                int n = second.length;
                out.write(
                        new byte[] {
                            (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n
                        });
            }
            out.write(second, 0, second.length / 2); // the Collector was killed mid-write
        }

        List<DecodedTelemetry> items = read(file, encoding);

        List<DeadLetter> dead = deadLetters(items);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(dead.get(0).offset()).isEqualTo(1);
        assertThat(dead.get(0).topic()).isEqualTo(file.toString());
        assertThat(items.stream().filter(t -> t.span() != null).count())
                .isEqualTo(batches.get(0).size());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void restoredReaderSkipsWhatWasEmitted(Encoding encoding) throws IOException {
        Path file = dir.resolve("restore." + ext(encoding));
        try (FileExporterWriter w = new FileExporterWriter(file, encoding)) {
            for (List<SpanData> b : batches(3, 2)) {
                w.write(OtlpTraceEncoder.encode(b, encoding));
            }
        }
        List<DecodedTelemetry> all = read(file, encoding);
        OtlpFileFormat format = new OtlpFileFormat(encoding, DecoderLimits.ofDefaults());
        FileSourceSplit split =
                split(file)
                        .updateWithCheckpointedPosition(
                                new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 5));

        List<DecodedTelemetry> rest = drain(format.restoreReader(new Configuration(), split));

        assertThat(rest).isEqualTo(all.subList(5, all.size()));
    }

    private static List<DecodedTelemetry> read(Path file, Encoding encoding) throws IOException {
        OtlpFileFormat format = new OtlpFileFormat(encoding, DecoderLimits.ofDefaults());
        return drain(format.createReader(new Configuration(), split(file)));
    }

    private static FileSourceSplit split(Path file) throws IOException {
        long size = Files.size(file);
        return new FileSourceSplit(
                "0", org.apache.flink.core.fs.Path.fromLocalFile(file.toFile()), 0, size, 0, size);
    }

    private static List<DecodedTelemetry> drain(BulkFormat.Reader<DecodedTelemetry> reader)
            throws IOException {
        List<DecodedTelemetry> out = new ArrayList<>();
        try (reader) {
            BulkFormat.RecordIterator<DecodedTelemetry> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<DecodedTelemetry> r;
                while ((r = batch.next()) != null) {
                    out.add(r.getRecord());
                }
                batch.releaseBatch();
            }
        }
        return out;
    }

    private static List<DeadLetter> deadLetters(List<DecodedTelemetry> items) {
        return items.stream().map(DecodedTelemetry::deadLetter).filter(d -> d != null).toList();
    }

    /** {@code count} batches of {@code traces} shop traces, 100 ms apart. */
    static List<List<SpanData>> batches(int count, int traces) {
        TraceGenerator gen = new TraceGenerator(Topology.shop(), 7);
        List<Fault> none = List.of();
        List<List<SpanData>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<SpanData> b = new ArrayList<>();
            for (int t = 0; t < traces; t++) {
                b.addAll(gen.trace((T0 + i * 100L + t) * 1_000_000L, none));
            }
            out.add(b);
        }
        return out;
    }

    private static String ext(Encoding e) {
        return e == Encoding.OTLP_JSON ? "json" : "pb";
    }
}
