package io.meshloop.benchmarks;

import io.meshloop.jobs.config.DecisionSettings;
import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.config.SignalsJobConfig;
import io.meshloop.jobs.config.WatermarkSettings;
import io.meshloop.jobs.decisions.DecisionsPipeline;
import io.meshloop.jobs.flink.FlinkEnvironments;
import io.meshloop.jobs.kafka.EmbeddedKafkaBroker;
import io.meshloop.jobs.signals.SignalsPipeline;
import io.meshloop.operators.decision.engine.PolicySource;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.json.DecisionJson;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.simulator.kafka.OtlpKafkaWriter;
import io.meshloop.simulator.traffic.Fault;
import io.meshloop.simulator.traffic.Topology;
import io.meshloop.simulator.traffic.TraceGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Fault-to-decision latency under load, in one JVM: an in-JVM broker, a real-time producer thread
 * sending shop traffic (event time = wall clock) at a fixed span rate, and for every repetition a
 * fresh decisions job (continuous, local MiniCluster, parallelism 2, reading from the latest
 * offset) with a cart canary policy. After the job has settled, cart v2 starts failing (100%
 * errors) at wall time F = event time F; two consumers of the repetition's own decisions topic
 * (read_committed and read_uncommitted) record the wall time at which the policy's rollback
 * decision becomes visible. Latency = visible − F.
 *
 * <p>Usage: {@code DecisionLatencyBenchmark [--rate SPANS_PER_S] [--reps N] [--warmup S] [--settle
 * S]}. Defaults: 100,000 spans/s, 3 repetitions per configuration, 20 s warm-up, 8 s settle.
 */
public final class DecisionLatencyBenchmark {

    static final String SPANS_TOPIC = "otlp_spans";
    static final int SPANS_PER_TRACE = 13;

    /** One configuration: checkpoint interval, watermark out-of-orderness, hysteresis. */
    record Setup(String name, long checkpointMs, long outOfOrdernessMs, int forEvaluations) {}

    /** One repetition. */
    record Sample(
            double committedS,
            double emittedS,
            double decisionBehindWallS,
            long windowEndMinusF,
            long producerStallMs) {}

    static final List<Setup> SETUPS =
            List.of(
                    new Setup("default: ckpt 1 s, ooo 2 s, for 3", 1000, 2000, 3),
                    new Setup("ckpt 200 ms, ooo 2 s, for 3", 200, 2000, 3),
                    new Setup("ckpt 1 s, ooo 500 ms, for 1", 1000, 500, 1),
                    new Setup("fast: ckpt 200 ms, ooo 500 ms, for 1", 200, 500, 1));

    private DecisionLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        double rate = 100_000;
        int reps = 3;
        int warmup = 20;
        int settle = 8;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--rate" -> rate = Double.parseDouble(v);
                case "--reps" -> reps = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--settle" -> settle = Integer.parseInt(v);
                default ->
                        throw new IllegalArgumentException(
                                "unknown option "
                                        + args[i]
                                        + "; allowed: --rate, --reps, --warmup, --settle");
            }
        }
        Clock clock = Clock.systemUTC();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopic(SPANS_TOPIC, 2);
            broker.createTopic("meshloop.signals", 2);
            broker.createTopic("meshloop.deadletter", 1);
            Producer producer = new Producer(bootstrap, clock, rate / SPANS_PER_TRACE);
            Thread t = new Thread(producer, "latency-traffic");
            t.setDaemon(true);
            t.start();
            log("producer started at %.0f traces/s (%.0f spans/s target)", rate / 13, rate);

            List<List<Sample>> results = new ArrayList<>();
            int run = 0;
            boolean first = true;
            for (Setup s : SETUPS) {
                List<Sample> samples = new ArrayList<>();
                for (int r = 0; r < reps; r++) {
                    run++;
                    samples.add(
                            repetition(
                                    broker,
                                    bootstrap,
                                    producer,
                                    clock,
                                    s,
                                    run,
                                    first ? warmup : settle));
                    first = false;
                }
                results.add(samples);
            }
            producer.stop();
            t.join(5_000);
            double sent = producer.spansSent();
            double secs = (producer.stoppedAt - producer.startedAt) / 1000.0;
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "producer: %,.0f spans in %.1f s = %,.0f spans/s (target %,.0f);"
                            + " max tick overrun %d ms%n",
                    sent,
                    secs,
                    sent / secs,
                    rate,
                    producer.maxOverrunMs);
            System.out.println(
                    "| configuration | committed (read_committed) min / median / max s"
                            + " | emitted (read_uncommitted) min / median / max s"
                            + " | decision window end − F, s | wall − window end at emit, s"
                            + " | producer stall after F, ms (max) |");
            System.out.println("| --- | --- | --- | --- | --- | ---: |");
            for (int i = 0; i < SETUPS.size(); i++) {
                List<Sample> ss = results.get(i);
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | %d |%n",
                        SETUPS.get(i).name(),
                        stats(ss.stream().map(Sample::committedS).toList()),
                        stats(ss.stream().map(Sample::emittedS).toList()),
                        stats(ss.stream().map(x -> x.windowEndMinusF() / 1000.0).toList()),
                        stats(ss.stream().map(Sample::decisionBehindWallS).toList()),
                        ss.stream().mapToLong(Sample::producerStallMs).max().orElse(0));
            }
        }
    }

    private static Sample repetition(
            EmbeddedKafkaBroker broker,
            String bootstrap,
            Producer producer,
            Clock clock,
            Setup s,
            int run,
            int settleSeconds)
            throws Exception {
        String topic = "meshloop.decisions." + run;
        broker.createTopic(topic, 1);
        KafkaSettings k =
                new KafkaSettings(
                        bootstrap,
                        SPANS_TOPIC,
                        null,
                        Encoding.OTLP_PROTO,
                        Encoding.OTLP_PROTO,
                        "meshloop.signals",
                        "meshloop.deadletter",
                        "latency-" + run,
                        KafkaSettings.StartFrom.LATEST,
                        Map.of());
        SignalsJobConfig defaults = SignalsJobConfig.ofDefaults(bootstrap);
        SignalsJobConfig cfg =
                new SignalsJobConfig(
                        k,
                        new WatermarkSettings(
                                Duration.ofMillis(s.outOfOrdernessMs()), Duration.ofSeconds(5)),
                        defaults.window(),
                        defaults.istio(),
                        defaults.decoder());
        StreamExecutionEnvironment env =
                FlinkEnvironments.local(2, Duration.ofMillis(s.checkpointMs()));
        DecisionsPipeline.attach(
                env,
                cfg,
                new DecisionSettings(policy(s.forEvaluations()), topic, "latency-" + run),
                SignalsPipeline.Mode.CONTINUOUS);
        JobClient job = env.executeAsync("latency " + run);
        try (KafkaConsumer<byte[], byte[]> committed = consumer(bootstrap, topic, true);
                KafkaConsumer<byte[], byte[]> uncommitted = consumer(bootstrap, topic, false)) {
            Thread.sleep(settleSeconds * 1000L);
            // F: traces starting at or after this wall (= event) time hit the fault.
            long f = clock.millis();
            producer.recentOverrunMs = 0;
            producer.fault(new Fault("cart", "v2", f, Long.MAX_VALUE, 1.0, 1.0));
            DecisionJson json = new DecisionJson();
            long emittedAt = -1;
            long committedAt = -1;
            Decision decision = null;
            long deadline = f + 60_000;
            while (committedAt < 0 && clock.millis() < deadline) {
                if (emittedAt < 0 && rollback(uncommitted, json, f) != null) {
                    emittedAt = clock.millis();
                }
                Decision d = rollback(committed, json, f);
                if (d != null) {
                    committedAt = clock.millis();
                    decision = d;
                }
            }
            producer.fault(null);
            if (decision == null) {
                throw new IllegalStateException("no rollback decision within 60 s in run " + run);
            }
            if (emittedAt < 0) {
                emittedAt = committedAt;
            }
            Sample sample =
                    new Sample(
                            (committedAt - f) / 1000.0,
                            (emittedAt - f) / 1000.0,
                            (emittedAt - decision.time()) / 1000.0,
                            decision.time() - f,
                            producer.recentOverrunMs);
            log(
                    "run %d [%s]: committed %.3f s, emitted %.3f s after F; decision window end"
                            + " F+%d ms; producer's longest stall since F %d ms; %s",
                    run,
                    s.name(),
                    sample.committedS(),
                    sample.emittedS(),
                    sample.windowEndMinusF(),
                    sample.producerStallMs(),
                    decision.summary());
            return sample;
        } finally {
            job.cancel().get();
        }
    }

    /** The first rollback decision of policy cart-canary for a window ending after {@code f}. */
    private static Decision rollback(KafkaConsumer<byte[], byte[]> c, DecisionJson json, long f) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(5))) {
            Decision d = json.fromJson(r.value());
            if ("cart-canary".equals(d.policy())
                    && d.time() > f
                    && d.summary().startsWith("roll back")) {
                return d;
            }
        }
        return null;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(
            String bootstrap, String topic, boolean readCommitted) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, topic + (readCommitted ? ".c" : ".u"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        p.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                readCommitted ? "read_committed" : "read_uncommitted");
        KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /**
     * Fisher's exact test on the error rate of cart v2 against v1; no promotions during the run
     * (interval 24 h), so the only decision is the rollback.
     */
    static PolicySource policy(int forEvaluations) {
        String yaml =
                "apiVersion: meshloop.io/v1\n"
                        + "kind: PolicySet\n"
                        + "settings:\n"
                        + "  killSwitch: /tmp/meshloop-latency-benchmark-disable\n"
                        + "  maxActionsPerMinute: 30\n"
                        + "  mode: enforce\n"
                        + "policies:\n"
                        + "  - name: cart-canary\n"
                        + "    loop: canary\n"
                        + "    target: {service: cart, version: v2}\n"
                        + "    when:\n"
                        + "      - compare: {signal: error_rate, baseline: stable-version,"
                        + " test: fisher, confidence: 0.98, minSamples: 100}\n"
                        + "    action: {stableVersion: v1, stepWeight: 10, maxWeight: 50,"
                        + " interval: 24h}\n"
                        + "    safety: {for: "
                        + forEvaluations
                        + ", cooldown: 10s}\n";
        return new PolicySource("latency-policies.yaml", yaml);
    }

    private static String stats(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(
                Locale.ROOT,
                "%.2f / %.2f / %.2f",
                a[0],
                PipelineBenchmark.median(v),
                a[a.length - 1]);
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "# " + format + "%n", args);
    }

    /** Real-time shop traffic: every 20 ms, the traces that started in that tick. */
    static final class Producer implements Runnable {
        private static final long TICK_MILLIS = 20;
        private final OtlpKafkaWriter writer;
        private final TraceGenerator generator = new TraceGenerator(Topology.shop(), 42);
        private final Clock clock;
        private final double tracesPerSecond;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile List<Fault> faults = List.of();
        private volatile long spansSent;
        volatile long startedAt;
        volatile long stoppedAt;
        volatile long maxOverrunMs;
        volatile long recentOverrunMs;

        Producer(String bootstrap, Clock clock, double tracesPerSecond) {
            this.writer = new OtlpKafkaWriter(bootstrap, SPANS_TOPIC, Encoding.OTLP_PROTO, 100);
            this.clock = clock;
            this.tracesPerSecond = tracesPerSecond;
        }

        void fault(Fault f) {
            faults = f == null ? List.of() : List.of(f);
        }

        long spansSent() {
            return spansSent;
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            startedAt = clock.millis();
            long last = startedAt;
            double carry = 0;
            try (writer) {
                while (running.get()) {
                    long sleep = last + TICK_MILLIS - clock.millis();
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    } else {
                        maxOverrunMs = Math.max(maxOverrunMs, -sleep);
                        recentOverrunMs = Math.max(recentOverrunMs, -sleep);
                    }
                    long now = clock.millis();
                    double due = tracesPerSecond * (now - last) / 1000.0 + carry;
                    int n = (int) due;
                    carry = due - n;
                    List<Fault> active = faults;
                    for (int i = 0; i < n; i++) {
                        long startMillis = last + 1 + (now - last - 1) * i / Math.max(1, n);
                        writer.write(generator.trace(startMillis * 1_000_000L, active));
                    }
                    writer.flush();
                    spansSent = writer.spansSent();
                    last = now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stoppedAt = clock.millis();
        }
    }
}
