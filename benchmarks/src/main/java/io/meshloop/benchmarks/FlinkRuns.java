package io.meshloop.benchmarks;

import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.config.SignalsJobConfig;
import io.meshloop.jobs.flink.FlinkEnvironments;
import io.meshloop.jobs.signals.SignalsJob;
import io.meshloop.jobs.signals.SignalsPipeline;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import io.meshloop.schemas.telemetry.Span;
import io.meshloop.schemas.telemetry.SpanKind;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * The Flink jobs of the end-to-end benchmark, each on a fresh local MiniCluster (generic types
 * disabled, no checkpointing), reading the preloaded topic with a bounded Kafka source (the job
 * finishes at the end offsets found at start; the source then emits the maximum watermark, so every
 * window fires).
 */
final class FlinkRuns {

    /**
     * One job run: wall = the {@code execute()} call (MiniCluster start included); net = Flink's.
     */
    record Result(double wallSeconds, double netSeconds, long outputs, long deadLetters) {}

    private FlinkRuns() {}

    /** Driver-side only (never shipped to a task): numbers the consumer groups. */
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** A fresh consumer group per run, so every run reads from the earliest offset. */
    private static SignalsJobConfig config(String bootstrap, String topic) {
        KafkaSettings k =
                new KafkaSettings(
                        bootstrap,
                        topic,
                        null,
                        Encoding.OTLP_PROTO,
                        Encoding.OTLP_PROTO,
                        "meshloop.signals",
                        "meshloop.deadletter",
                        "meshloop-benchmark-" + RUNS.incrementAndGet(),
                        KafkaSettings.StartFrom.EARLIEST,
                        CeilingBenchmark.fetchTuning());
        return SignalsJobConfig.ofDefaults(bootstrap).withKafka(k);
    }

    private static StreamExecutionEnvironment env(int parallelism) {
        return StreamExecutionEnvironment.createLocalEnvironment(
                parallelism, FlinkEnvironments.baseConfiguration());
    }

    private static Result execute(StreamExecutionEnvironment env, String name) throws Exception {
        long start = System.nanoTime();
        JobExecutionResult r = env.execute(name);
        double wall = (System.nanoTime() - start) / 1e9;
        Long outputs = r.getAccumulatorResult("outputs");
        Long dead = r.getAccumulatorResult("deadLetters");
        return new Result(
                wall,
                r.getNetRuntime() / 1000.0,
                outputs == null ? 0 : outputs,
                dead == null ? 0 : dead);
    }

    /** A trivial job: the MiniCluster's start, submit and shut-down cost. */
    static Result startup(int parallelism) throws Exception {
        StreamExecutionEnvironment env = env(parallelism);
        env.fromData(1, 2, 3).filter(new CountAndDrop<>("outputs")).sinkTo(new DiscardingSink<>());
        return execute(env, "startup");
    }

    /** The real golden-signals graph ({@link SignalsJob#build}) behind the real Kafka source. */
    static Result pipeline(String bootstrap, String topic, int parallelism) throws Exception {
        StreamExecutionEnvironment env = env(parallelism);
        SignalsJobConfig cfg = config(bootstrap, topic);
        DataStream<DecodedTelemetry> telemetry =
                SignalsPipeline.sources(env, cfg, SignalsPipeline.Mode.BOUNDED);
        SignalsJob.Outputs out = SignalsJob.build(telemetry, cfg.window(), cfg.istio());
        out.signals().filter(new CountAndDrop<>("outputs")).sinkTo(new DiscardingSink<>());
        out.deadLetters().filter(new CountAndDrop<>("deadLetters")).sinkTo(new DiscardingSink<>());
        return execute(env, "meshloop signals p=" + parallelism);
    }

    /**
     * What a user writes without meshloop: the same source and decoder, SERVER spans into a table
     * with the source's watermark, then a HOP window TVF (10 s, slide 1 s) grouped by service,
     * version and route with COUNT(*), SUM(errors), MAX and Flink's built-in exact {@code
     * PERCENTILE} aggregate (p50, p90, p95, p99 in one call).
     */
    static Result sql(String bootstrap, String topic, int parallelism) throws Exception {
        StreamExecutionEnvironment env = env(parallelism);
        SignalsJobConfig cfg = config(bootstrap, topic);
        DataStream<DecodedTelemetry> telemetry =
                SignalsPipeline.sources(env, cfg, SignalsPipeline.Mode.BOUNDED);
        DataStream<Row> rows = telemetry.flatMap(new ServerSpanRows()).returns(ServerSpanRows.TYPE);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        Table spans =
                tEnv.fromDataStream(
                        rows,
                        Schema.newBuilder()
                                .columnByMetadata("rowtime", DataTypes.TIMESTAMP_LTZ(3))
                                .watermark("rowtime", "SOURCE_WATERMARK()")
                                .build());
        tEnv.createTemporaryView("spans", spans);
        Table signals = tEnv.sqlQuery(SQL);
        tEnv.toDataStream(signals)
                .filter(new CountAndDrop<>("outputs"))
                .sinkTo(new DiscardingSink<>());
        return execute(env, "flink sql signals p=" + parallelism);
    }

    static final String SQL =
            "SELECT service, version, route, window_start, window_end,"
                    + " COUNT(*) AS requests, SUM(error) AS errors, MAX(latency_ms) AS max_ms,"
                    + " PERCENTILE(latency_ms, ARRAY[0.5, 0.9, 0.95, 0.99]) AS quantiles_ms"
                    + " FROM TABLE(HOP(TABLE spans, DESCRIPTOR(rowtime),"
                    + " INTERVAL '1' SECOND, INTERVAL '10' SECOND))"
                    + " GROUP BY service, version, route, window_start, window_end";

    /** SERVER spans as rows (service, version, route, error 0|1, latency_ms). */
    static final class ServerSpanRows implements FlatMapFunction<DecodedTelemetry, Row> {
        private static final long serialVersionUID = 1L;

        static final TypeInformation<Row> TYPE =
                Types.ROW_NAMED(
                        new String[] {"service", "version", "route", "error", "latency_ms"},
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.INT,
                        Types.DOUBLE);

        @Override
        public void flatMap(DecodedTelemetry t, Collector<Row> out) {
            Span s = t.span();
            if (s != null && s.kind() == SpanKind.SERVER) {
                out.collect(
                        Row.of(
                                s.service(),
                                s.version(),
                                s.route(),
                                s.error() ? 1 : 0,
                                s.durationMillis()));
            }
        }
    }
}
