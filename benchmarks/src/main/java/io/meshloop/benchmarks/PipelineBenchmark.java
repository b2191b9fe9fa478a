package io.meshloop.benchmarks;

import io.meshloop.jobs.kafka.EmbeddedKafkaBroker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * End-to-end benchmark, everything in one JVM and one run so the numbers are comparable: an in-JVM
 * Kafka broker is preloaded once with realistic 100-span OTLP records, then, for each round, the
 * ceiling (one consumer + streaming decoder), the meshloop pipeline at parallelism 1 and 2, and the
 * Flink SQL equivalent read the same records; finally keyed state bytes per key are probed.
 *
 * <p>Usage: {@code PipelineBenchmark [--records N] [--rounds R] [--sql-parallelism 1,2]
 * [--state-seconds S]}. Defaults: 60,000 records (6M spans), 2 rounds, SQL at parallelism 1.
 */
public final class PipelineBenchmark {

    static final String TOPIC = "otlp_spans";
    static final int PARTITIONS = 2;
    static final int SPANS_PER_BATCH = 100;

    /** Parsed command line. */
    record Options(long records, int rounds, int[] sqlParallelism, int stateSeconds) {
        static Options parse(String[] args) {
            long records = 60_000;
            int rounds = 2;
            int[] sqlP = {1};
            int stateSeconds = 30;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--records" -> records = Long.parseLong(v);
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--sql-parallelism" ->
                            sqlP =
                                    v.isBlank()
                                            ? new int[0]
                                            : Arrays.stream(v.split(","))
                                                    .mapToInt(Integer::parseInt)
                                                    .toArray();
                    case "--state-seconds" -> stateSeconds = Integer.parseInt(v);
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown option '"
                                            + args[i]
                                            + "'; allowed: --records N, --rounds R,"
                                            + " --sql-parallelism 1,2, --state-seconds S");
                }
                i++;
            }
            if (records < PARTITIONS || rounds < 1 || stateSeconds < 12) {
                throw new IllegalArgumentException(
                        "need --records >= 2, --rounds >= 1, --state-seconds >= 12; got "
                                + records
                                + ", "
                                + rounds
                                + ", "
                                + stateSeconds);
            }
            return new Options(records, rounds, sqlP, stateSeconds);
        }
    }

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            // Record timestamps are simulated event times (2025): no time-based retention.
            broker.createTopic(TOPIC, PARTITIONS, Map.of("retention.ms", "-1"));
            String bootstrap = broker.bootstrapServers();
            Preloader.Loaded loaded =
                    Preloader.load(bootstrap, TOPIC, PARTITIONS, o.records(), SPANS_PER_BATCH);
            log(
                    "preloaded %,d records, %,d spans, %.0f MB (%.0f B/span), %.0f simulated s,"
                            + " in %.1f s",
                    loaded.records(),
                    loaded.spans(),
                    loaded.bytes() / 1e6,
                    (double) loaded.bytes() / loaded.spans(),
                    loaded.simulatedSeconds(),
                    loaded.seconds());
            long spans = loaded.spans();

            CeilingBenchmark.Result warm = CeilingBenchmark.run(bootstrap, TOPIC);
            check(warm.spans() == spans, "warm-up ceiling " + warm);
            log("warm-up ceiling: %.2f s (not counted)", warm.seconds());
            for (int i = 0; i < 2; i++) {
                // The first includes loading Flink's classes; the second is the steady cost.
                FlinkRuns.Result boot = FlinkRuns.startup(2);
                log("MiniCluster start + trivial job + stop: wall %.2f s", boot.wallSeconds());
                add(rates, "minicluster start+stop, trivial job s (wall)", boot.wallSeconds());
            }

            for (int round = 1; round <= o.rounds(); round++) {
                CeilingBenchmark.Result c = CeilingBenchmark.run(bootstrap, TOPIC);
                check(c.spans() == spans && c.deadLetters() == 0, "ceiling " + c);
                add(rates, "ceiling (1 consumer + streaming decode)", spans / c.seconds());
                log("round %d ceiling: %.2f s", round, c.seconds());
                for (int p : new int[] {1, 2}) {
                    FlinkRuns.Result r = FlinkRuns.pipeline(bootstrap, TOPIC, p);
                    check(r.outputs() > 0 && r.deadLetters() == 0, "pipeline " + r);
                    add(rates, "meshloop pipeline p=" + p, spans / r.netSeconds());
                    add(
                            rates,
                            "pipeline p=" + p + " wall - net s (wall)",
                            r.wallSeconds() - r.netSeconds());
                    log(
                            "round %d pipeline p=%d: net %.2f s, wall %.2f s, %,d signals",
                            round, p, r.netSeconds(), r.wallSeconds(), r.outputs());
                }
                for (int p : o.sqlParallelism()) {
                    FlinkRuns.Result r = FlinkRuns.sql(bootstrap, TOPIC, p);
                    check(r.outputs() > 0, "sql " + r);
                    add(rates, "flink sql (HOP + PERCENTILE) p=" + p, spans / r.netSeconds());
                    log(
                            "round %d sql p=%d: net %.2f s, wall %.2f s, %,d rows",
                            round, p, r.netSeconds(), r.wallSeconds(), r.outputs());
                }
            }
        }
        KeyedStateProbe.Result state = KeyedStateProbe.run(o.stateSeconds());
        notes.add(
                String.format(
                        Locale.ROOT,
                        "keyed state: %,d B for %,d keys after %d simulated s (%,d spans)"
                                + " = %.0f B per active key (budget 2048)",
                        state.snapshotBytes(),
                        state.keys(),
                        o.stateSeconds(),
                        state.spans(),
                        state.bytesPerKey()));
        printTable(rates, o);
        notes.forEach(System.out::println);
    }

    private static void add(Map<String, List<Double>> rates, String name, double v) {
        rates.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
    }

    private static void printTable(Map<String, List<Double>> rates, Options o) {
        double ceiling = median(rates.get("ceiling (1 consumer + streaming decode)"));
        System.out.println();
        System.out.println("| measurement | spans/s per round | median | vs ceiling |");
        System.out.println("| --- | --- | ---: | ---: |");
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            boolean seconds = e.getKey().endsWith(" s (wall)");
            StringBuilder each = new StringBuilder();
            for (double v : e.getValue()) {
                each.append(each.length() == 0 ? "" : ", ").append(fmt(v, seconds));
            }
            double m = median(e.getValue());
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s |%n",
                    e.getKey(),
                    each,
                    fmt(m, seconds),
                    seconds ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * m / ceiling));
        }
        for (int p : o.sqlParallelism()) {
            List<Double> sql = rates.get("flink sql (HOP + PERCENTILE) p=" + p);
            List<Double> ml = rates.get("meshloop pipeline p=" + p);
            if (sql != null && ml != null) {
                System.out.printf(
                        Locale.ROOT,
                        "meshloop / flink sql at p=%d: %.1fx%n",
                        p,
                        median(ml) / median(sql));
            }
        }
    }

    private static String fmt(double v, boolean seconds) {
        return seconds
                ? String.format(Locale.ROOT, "%.2f s", v)
                : String.format(Locale.ROOT, "%,.0f", v);
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark sanity check failed: " + what);
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "# " + format + "%n", args);
    }
}
