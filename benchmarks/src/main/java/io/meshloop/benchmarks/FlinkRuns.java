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
     * What a user writes without meshloop, for the same series meshloop computes: the same source
     * and decoder; SERVER spans and CLIENT spans (with a callee) as two tables with the source's
     * watermark; HOP window TVFs (10 s, slide 1 s) with COUNT(*), SUM(errors), MAX and Flink's
     * built-in exact {@code PERCENTILE} (p50, p90, p95, p99 in one call), grouped by (service,
     * version, route), (service, version) and (service, version, instance) as GROUPING SETS, and by
     * (caller, callee) for edges; the two unioned.
     */
    static Result sql(String bootstrap, String topic, int parallelism) throws Exception {
        StreamExecutionEnvironment env = env(parallelism);
        SignalsJobConfig cfg = config(bootstrap, topic);
        DataStream<DecodedTelemetry> telemetry =
                SignalsPipeline.sources(env, cfg, SignalsPipeline.Mode.BOUNDED);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        Schema schema =
                Schema.newBuilder()
                        .columnByMetadata("rowtime", DataTypes.TIMESTAMP_LTZ(3))
                        .watermark("rowtime", "SOURCE_WATERMARK()")
                        .build();
        tEnv.createTemporaryView(
                "server_spans",
                tEnv.fromDataStream(
                        telemetry.flatMap(new SpanRows(true)).returns(SpanRows.TYPE), schema));
        tEnv.createTemporaryView(
                "client_spans",
                tEnv.fromDataStream(
                        telemetry.flatMap(new SpanRows(false)).returns(SpanRows.TYPE), schema));
        Table signals = tEnv.sqlQuery(SQL);
        tEnv.toDataStream(signals)
                .filter(new CountAndDrop<>("outputs"))
                .sinkTo(new DiscardingSink<>());
        return execute(env, "flink sql signals p=" + parallelism);
    }

    static final String AGGREGATES =
            " window_start, window_end, COUNT(*) AS requests, SUM(error) AS errors,"
                    + " MAX(latency_ms) AS max_ms,"
                    + " PERCENTILE(latency_ms, ARRAY[0.5, 0.9, 0.95, 0.99]) AS quantiles_ms";

    static final String SQL =
            "SELECT service, version, route, instance, CAST(NULL AS STRING) AS caller,"
                    + AGGREGATES
                    + " FROM TABLE(HOP(TABLE server_spans, DESCRIPTOR(rowtime),"
                    + " INTERVAL '1' SECOND, INTERVAL '10' SECOND))"
                    + " GROUP BY window_start, window_end, GROUPING SETS ("
                    + "(service, version, route), (service, version), (service, version, instance))"
                    + " UNION ALL"
                    + " SELECT peer AS service, CAST(NULL AS STRING) AS version,"
                    + " CAST(NULL AS STRING) AS route, CAST(NULL AS STRING) AS instance,"
                    + " service AS caller,"
                    + AGGREGATES
                    + " FROM TABLE(HOP(TABLE client_spans, DESCRIPTOR(rowtime),"
                    + " INTERVAL '1' SECOND, INTERVAL '10' SECOND))"
                    + " GROUP BY window_start, window_end, service, peer";

    /**
     * SERVER spans (service, version, route, instance, error 0|1, latency_ms; peer null), or CLIENT
     * spans with a callee (peer = the callee).
     */
    static final class SpanRows implements FlatMapFunction<DecodedTelemetry, Row> {
        private static final long serialVersionUID = 1L;

        static final TypeInformation<Row> TYPE =
                Types.ROW_NAMED(
                        new String[] {
                            "service", "version", "route", "instance", "peer", "error", "latency_ms"
                        },
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.STRING,
                        Types.INT,
                        Types.DOUBLE);

        private final boolean server;

        SpanRows(boolean server) {
            this.server = server;
        }

        @Override
        public void flatMap(DecodedTelemetry t, Collector<Row> out) {
            Span s = t.span();
            if (s == null) {
                return;
            }
            boolean wanted =
                    server
                            ? s.kind() == SpanKind.SERVER
                            : s.kind() == SpanKind.CLIENT && s.callee() != null;
            if (wanted) {
                out.collect(
                        Row.of(
                                s.service(),
                                s.version(),
                                s.route(),
                                s.instance(),
                                server ? null : s.callee(),
                                s.error() ? 1 : 0,
                                s.durationMillis()));
            }
        }
    }
}
