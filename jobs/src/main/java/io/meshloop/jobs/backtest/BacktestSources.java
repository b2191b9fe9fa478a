package io.meshloop.jobs.backtest;

import io.meshloop.jobs.io.OtlpRecordDeserializer;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Bounded sources of recorded telemetry. Both decode inside the source and assign watermarks there
 * from span end times, with the live job's out-of-orderness, so windows and decisions fire as they
 * would have live.
 */
public final class BacktestSources {

    public static final String FILE_SOURCE_UID_PREFIX = "source-recorded-";
    public static final String KAFKA_SOURCE_UID = "source-recorded-kafka";
    public static final String STATS_UID = "backtest-input-stats";

    /**
     * Consumer group of the Kafka range reader: fixed, and never committed to (offsets come from
     * the timestamps), so a backtest never moves the live job's offsets.
     */
    public static final String KAFKA_GROUP = "meshloop-backtest";

    private BacktestSources() {}

    /** The telemetry of {@code options.input()}, counted by {@link InputStats}. */
    public static DataStream<DecodedTelemetry> telemetry(
            StreamExecutionEnvironment env, BacktestOptions options) {
        DataStream<DecodedTelemetry> raw =
                options.input() instanceof BacktestInput.KafkaRange k
                        ? kafka(env, options, k)
                        : files(
                                env,
                                options,
                                ((BacktestInput.RecordedFiles) options.input()).path());
        return raw.process(new InputStats())
                .returns(raw.getType())
                .uid(STATS_UID)
                .name("count input");
    }

    private static DataStream<DecodedTelemetry> files(
            StreamExecutionEnvironment env, BacktestOptions options, Path input) {
        // No idleness: a file reader always makes progress, and under back-pressure an idle
        // timeout would let the watermark pass spans still to be read.
        WatermarkStrategy<DecodedTelemetry> watermarks =
                WatermarkStrategy.<DecodedTelemetry>forBoundedOutOfOrderness(
                                options.watermarks().maxOutOfOrderness())
                        .withTimestampAssigner((t, ts) -> t.eventTimeMillis());
        OtlpFileFormat format = new OtlpFileFormat(options.encoding(), options.decoder());
        List<RecordedFiles.Lane> lanes = RecordedFiles.plan(input);
        DataStream<DecodedTelemetry> all = null;
        for (int i = 0; i < lanes.size(); i++) {
            RecordedFiles.Lane lane = lanes.get(i);
            org.apache.flink.core.fs.Path[] paths =
                    lane.files().stream()
                            .map(p -> org.apache.flink.core.fs.Path.fromLocalFile(p.toFile()))
                            .toArray(org.apache.flink.core.fs.Path[]::new);
            FileSource<DecodedTelemetry> source =
                    FileSource.forBulkFileFormat(format, paths)
                            .setSplitAssigner(OrderedSplitAssigner::new)
                            .build();
            DataStream<DecodedTelemetry> s =
                    env.fromSource(source, watermarks, "recorded spans ← " + lane.name())
                            .uid(FILE_SOURCE_UID_PREFIX + i);
            all = all == null ? s : all.union(s);
        }
        return all;
    }

    private static DataStream<DecodedTelemetry> kafka(
            StreamExecutionEnvironment env, BacktestOptions options, BacktestInput.KafkaRange k) {
        WatermarkStrategy<DecodedTelemetry> watermarks =
                WatermarkStrategy.<DecodedTelemetry>forBoundedOutOfOrderness(
                                options.watermarks().maxOutOfOrderness())
                        .withTimestampAssigner((t, ts) -> t.eventTimeMillis())
                        .withIdleness(options.watermarks().idleTimeout());
        KafkaSource<DecodedTelemetry> source =
                KafkaSource.<DecodedTelemetry>builder()
                        .setBootstrapServers(k.bootstrapServers())
                        .setTopics(k.topic())
                        .setGroupId(KAFKA_GROUP)
                        .setStartingOffsets(OffsetsInitializer.timestamp(k.from().toEpochMilli()))
                        .setBounded(OffsetsInitializer.timestamp(k.to().toEpochMilli()))
                        .setProperty("commit.offsets.on.checkpoint", "false")
                        .setProperty("enable.auto.commit", "false")
                        .setDeserializer(
                                new OtlpRecordDeserializer(
                                        OtlpRecordDeserializer.Signal.TRACES,
                                        options.encoding(),
                                        options.decoder()))
                        .build();
        return env.fromSource(source, watermarks, "recorded spans ← " + k.describe())
                .uid(KAFKA_SOURCE_UID);
    }
}
