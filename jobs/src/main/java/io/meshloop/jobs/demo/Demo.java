package io.meshloop.jobs.demo;

import io.meshloop.jobs.actuation.ActuationStage;
import io.meshloop.jobs.config.DecisionSettings;
import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.config.SignalsJobConfig;
import io.meshloop.jobs.decisions.DecisionsPipeline;
import io.meshloop.jobs.flink.FlinkEnvironments;
import io.meshloop.jobs.kafka.EmbeddedKafkaBroker;
import io.meshloop.jobs.signals.SignalsPipeline;
import io.meshloop.schemas.actuation.ActuationJson;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.json.DecisionJson;
import io.meshloop.schemas.json.TelemetryJson;
import io.meshloop.simulator.kafka.OtlpKafkaWriter;
import io.meshloop.simulator.traffic.Fault;
import io.meshloop.simulator.traffic.Topology;
import io.meshloop.simulator.traffic.TraceGenerator;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code meshloop demo}: an in-JVM Kafka broker, the golden-signals job on a local MiniCluster, and
 * synthetic shop traffic with a fault on the cart canary half-way through, shown live.
 */
public final class Demo {

    private static final Duration REFRESH = Duration.ofSeconds(2);
    private static final String DECISIONS_TOPIC = "meshloop.decisions";
    private static final String ACTUATIONS_TOPIC = ActuationStage.DEFAULT_TOPIC;

    private final DemoOptions options;
    private final Clock clock;
    private final PrintStream out;

    public Demo(DemoOptions options, Clock clock, PrintStream out) {
        this.options = options;
        this.clock = clock;
        this.out = out;
    }

    /** Runs the demo to the end; returns the process exit code. */
    public int run() throws Exception {
        long t0 = clock.millis();
        step(1, "starting Kafka (KRaft, in-JVM)");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            done(t0, kafka.bootstrapServers());
            KafkaSettings settings = KafkaSettings.ofDefaults(kafka.bootstrapServers());

            long t1 = clock.millis();
            step(2, "creating topics");
            kafka.createTopic(settings.spansTopic(), 4);
            kafka.createTopic(settings.metricsTopic(), 1);
            kafka.createTopic(settings.signalsTopic(), 2);
            kafka.createTopic(settings.deadLetterTopic(), 1);
            kafka.createTopic(DECISIONS_TOPIC, 1);
            kafka.createTopic(ACTUATIONS_TOPIC, 1);
            done(
                    t1,
                    "otlp_spans, otlp_metrics, meshloop.signals, meshloop.deadletter, "
                            + DECISIONS_TOPIC
                            + ", "
                            + ACTUATIONS_TOPIC);

            long t2 = clock.millis();
            step(
                    3,
                    "starting the Flink pipeline (MiniCluster, parallelism "
                            + options.parallelism()
                            + ")");
            StreamExecutionEnvironment env =
                    FlinkEnvironments.local(options.parallelism(), Duration.ofSeconds(1));
            SignalsJobConfig cfg = SignalsJobConfig.ofDefaults(kafka.bootstrapServers());
            DataStream<Decision> decided =
                    DecisionsPipeline.attach(
                            env,
                            cfg,
                            DecisionSettings.of(options.policies()),
                            SignalsPipeline.Mode.CONTINUOUS);
            ActuationStage.attach(decided, options.mesh(), cfg.kafka(), ACTUATIONS_TOPIC);
            JobClient job = env.executeAsync("meshloop-signals (demo)");
            done(t2, "job " + job.getJobID());

            long start = clock.millis();
            long faultFrom = start + options.duration().toMillis() / 3;
            long faultTo = start + options.duration().toMillis() * 2 / 3;
            List<Fault> faults = List.of(new Fault("cart", "v2", faultFrom, faultTo, 0.3, 3.0));
            step(
                    4,
                    String.format(
                            Locale.ROOT,
                            "sending shop traffic at %.0f req/s (%s) for %ds; fault: cart v2 +30%% errors,"
                                    + " 3x latency from t+%ds to t+%ds",
                            options.requestsPerSecond(),
                            options.encoding().configName(),
                            options.duration().toSeconds(),
                            (faultFrom - start) / 1000,
                            (faultTo - start) / 1000));
            out.println();

            SignalBoard board = new SignalBoard();
            List<Decision> decisions = new ArrayList<>();
            TrafficLoop traffic;
            try (OtlpKafkaWriter writer =
                    new OtlpKafkaWriter(
                            kafka.bootstrapServers(),
                            settings.spansTopic(),
                            options.encoding(),
                            200)) {
                traffic =
                        new TrafficLoop(
                                new TraceGenerator(Topology.shop(), 42),
                                writer,
                                clock,
                                options.requestsPerSecond(),
                                faults);
                Thread sender = new Thread(traffic, "meshloop-demo-traffic");
                sender.setDaemon(true);
                sender.start();
                watch(kafka.bootstrapServers(), settings, board, decisions, traffic, start);
                traffic.stop();
                sender.join(5_000);
            }
            job.cancel().get();
            out.printf(
                    Locale.ROOT,
                    "%nDone: %,d spans sent, %,d signals received. The signals are JSON records on"
                            + " topic %s (schema: schemas/src/main/resources/schemas/signal.schema.json).%n",
                    traffic.spansSent(),
                    board.signalsSeen(),
                    settings.signalsTopic());
            out.printf(
                    Locale.ROOT, "%d decisions (topic %s):%n", decisions.size(), DECISIONS_TOPIC);
            for (Decision d : decisions) {
                out.printf(
                        Locale.ROOT,
                        "  t+%2ds %-14s %-12s %-9s %s%n",
                        (d.time() - start) / 1000,
                        d.policy(),
                        d.action(),
                        d.mode(),
                        d.desired().weights());
            }
            out.printf(
                    Locale.ROOT,
                    "The mesh as the loop left it: %s (%s)%n",
                    options.mesh().describe(),
                    "one YAML manifest per object");
            return board.signalsSeen() > 0 ? 0 : 1;
        }
    }

    private void watch(
            String bootstrap,
            KafkaSettings settings,
            SignalBoard board,
            List<Decision> decisions,
            TrafficLoop traffic,
            long start) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "meshloop-demo-view");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long end = start + options.duration().toMillis();
        long nextRender = start + REFRESH.toMillis();
        TelemetryJson json = new TelemetryJson();
        DecisionJson decisionJson = new DecisionJson();
        ActuationJson actuationJson = new ActuationJson();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(settings.signalsTopic(), DECISIONS_TOPIC, ACTUATIONS_TOPIC));
            while (clock.millis() < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(ACTUATIONS_TOPIC)) {
                        ActuationResult a = actuationJson.fromJson(r.value());
                        out.printf(
                                Locale.ROOT,
                                ">>> MESH %s %s: %s%n",
                                a.mesh(),
                                a.outcome(),
                                a.objects().stream()
                                        .map(
                                                o ->
                                                        o.kind()
                                                                + " "
                                                                + o.namespace()
                                                                + "/"
                                                                + o.name()
                                                                + " "
                                                                + o.change())
                                        .toList());
                    } else if (r.topic().equals(DECISIONS_TOPIC)) {
                        Decision d = decisionJson.fromJson(r.value());
                        decisions.add(d);
                        out.printf(
                                Locale.ROOT,
                                ">>> t+%2ds DECISION %s %s [%s] %s%n",
                                (d.time() - start) / 1000,
                                d.policy(),
                                d.action(),
                                d.mode(),
                                d.summary());
                    } else {
                        board.accept(json.signalFromJson(r.value()));
                    }
                }
                if (clock.millis() >= nextRender) {
                    nextRender += REFRESH.toMillis();
                    out.printf(
                            Locale.ROOT,
                            "t+%2ds  spans sent %,d  signals %,d%n%s%n",
                            (clock.millis() - start) / 1000,
                            traffic.spansSent(),
                            board.signalsSeen(),
                            board.render());
                }
            }
        }
    }

    private void step(int n, String what) {
        out.printf(Locale.ROOT, "[%d/4] %s ... ", n, what);
        out.flush();
    }

    private void done(long since, String detail) {
        out.printf(Locale.ROOT, "done in %.1fs (%s)%n", (clock.millis() - since) / 1000.0, detail);
    }
}
