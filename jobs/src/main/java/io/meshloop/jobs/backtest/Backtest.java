package io.meshloop.jobs.backtest;

import io.meshloop.jobs.flink.FlinkEnvironments;
import io.meshloop.jobs.signals.SignalsJob;
import io.meshloop.operators.decision.engine.DecisionEngine;
import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.json.DecisionJson;
import io.meshloop.schemas.json.TelemetryJson;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs the live graph ({@link SignalsJob#build} then {@link DecisionEngine#apply}) on recorded
 * telemetry as a bounded job and writes {@code signals.jsonl}, {@code decisions.jsonl}, {@code
 * deadletters.jsonl} (one JSON record per line, the topics' formats) and {@code summary.md}.
 *
 * <p>Outputs are collected into this client ({@code collectAsync}), one draining thread per output,
 * rather than written by a Flink {@code FileSink}: a file sink names its files per subtask and
 * commits them only on checkpoints, whereas a collected stream gives exactly the three files
 * whatever the parallelism, needs no checkpoint, and lets the client sort decisions (by time, then
 * policy) and count for the summary. Draining all outputs concurrently matters: a collect sink
 * whose buffer is not read back-pressures the whole job. Signals and dead letters are streamed to
 * their files in arrival order (not sorted: they can be many); only decisions are held in memory.
 *
 * <p>Nothing is checkpointed and nothing restarts: a failure fails the backtest, which is cheap to
 * run again.
 */
public final class Backtest {

    public static final String JOB_NAME = "meshloop-backtest";

    /** Orders decisions in {@code decisions.jsonl} and the summary. */
    public static final Comparator<Decision> DECISION_ORDER =
            Comparator.comparingLong(Decision::time)
                    .thenComparing(Decision::policy)
                    .thenComparing(d -> d.target().asString())
                    .thenComparing(Decision::id);

    private Backtest() {}

    /** Runs on an embedded MiniCluster with {@code options.parallelism()}. */
    public static BacktestResult run(BacktestOptions options) throws Exception {
        Configuration conf = FlinkEnvironments.baseConfiguration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return run(
                StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf),
                options);
    }

    /**
     * Runs on {@code env}.
     *
     * @throws IllegalArgumentException when the input does not exist or holds no file
     */
    public static BacktestResult run(StreamExecutionEnvironment env, BacktestOptions options)
            throws Exception {
        int files = 0;
        long messages = -1;
        if (options.input() instanceof BacktestInput.RecordedFiles f) {
            List<RecordedFiles.Lane> lanes = RecordedFiles.plan(f.path());
            messages = 0;
            for (RecordedFiles.Lane lane : lanes) {
                for (Path p : lane.files()) {
                    files++;
                    messages += countMessages(p, options);
                }
            }
        }
        Files.createDirectories(options.outDir());

        DataStream<DecodedTelemetry> telemetry = BacktestSources.telemetry(env, options);
        SignalsJob.Outputs graph = SignalsJob.build(telemetry, options.window(), options.istio());
        DataStream<Decision> decisions = DecisionEngine.apply(graph.signals(), options.policies());

        CloseableIterator<Signal> signalsOut = graph.signals().collectAsync();
        CloseableIterator<Decision> decisionsOut = decisions.collectAsync();
        CloseableIterator<DeadLetter> deadOut = graph.deadLetters().collectAsync();
        JobClient job = env.executeAsync(JOB_NAME);

        TelemetryJson telemetryJson = new TelemetryJson();
        ExecutorService drains = Executors.newFixedThreadPool(3);
        try {
            Future<Long> signals =
                    drains.submit(
                            writeLines(
                                    signalsOut,
                                    options.outDir().resolve("signals.jsonl"),
                                    telemetryJson::signalToJson,
                                    s -> {}));
            Map<String, Long> deadByReason = new TreeMap<>();
            Future<Long> dead =
                    drains.submit(
                            writeLines(
                                    deadOut,
                                    options.outDir().resolve("deadletters.jsonl"),
                                    telemetryJson::deadLetterToJson,
                                    d ->
                                            deadByReason.merge(
                                                    d.reason().name(),
                                                    (long) Math.max(1, d.items()),
                                                    Long::sum)));
            Future<List<Decision>> decided =
                    drains.submit(
                            () -> {
                                List<Decision> all = new ArrayList<>();
                                decisionsOut.forEachRemaining(all::add);
                                return all;
                            });
            JobExecutionResult result;
            try {
                result = job.getJobExecutionResult().get();
            } catch (ExecutionException e) {
                throw new BacktestFailedException("the backtest job failed", e.getCause());
            }
            List<Decision> sorted = new ArrayList<>(get(decided));
            sorted.sort(DECISION_ORDER);
            writeDecisions(sorted, options.outDir().resolve("decisions.jsonl"));
            long signalCount = get(signals);
            long deadCount = get(dead);

            BacktestResult r =
                    new BacktestResult(
                            options.input().describe(),
                            files,
                            messages,
                            longAccumulator(result, InputStats.SPANS, 0),
                            longAccumulator(result, InputStats.METRIC_POINTS, 0),
                            longAccumulator(result, InputStats.FIRST_SPAN_END, Long.MAX_VALUE),
                            longAccumulator(result, InputStats.LAST_SPAN_END, Long.MIN_VALUE),
                            signalCount,
                            sorted,
                            deadByReason,
                            deadCount,
                            options.outDir());
            Files.writeString(
                    options.outDir().resolve("summary.md"),
                    BacktestSummary.render(r),
                    StandardCharsets.UTF_8);
            return r;
        } finally {
            drains.shutdownNow();
            signalsOut.close();
            decisionsOut.close();
            deadOut.close();
        }
    }

    /** Thrown when the Flink job fails; the cause is the job's. */
    public static final class BacktestFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        BacktestFailedException(String message, Throwable cause) {
            super(message + ": " + (cause == null ? "unknown cause" : cause.getMessage()), cause);
        }
    }

    private interface Json<T> {
        byte[] write(T value);
    }

    private interface Seen<T> {
        void accept(T value);
    }

    private static <T> Callable<Long> writeLines(
            CloseableIterator<T> items, Path file, Json<T> json, Seen<T> seen) {
        return () -> {
            long n = 0;
            try (OutputStream out =
                    new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                while (items.hasNext()) {
                    T item = items.next();
                    seen.accept(item);
                    out.write(json.write(item));
                    out.write('\n');
                    n++;
                }
            }
            return n;
        };
    }

    private static void writeDecisions(List<Decision> decisions, Path file) throws IOException {
        DecisionJson json = new DecisionJson();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            for (Decision d : decisions) {
                out.write(json.toJson(d));
                out.write('\n');
            }
        }
    }

    private static long countMessages(Path file, BacktestOptions options) throws IOException {
        long n = 0;
        try (InputStream in =
                new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            MessageFraming framing = new MessageFraming(in, options.encoding());
            while (framing.next() != null) {
                n++;
            }
        }
        return n;
    }

    private static long longAccumulator(JobExecutionResult r, String name, long fallback) {
        Object v = r.getAccumulatorResult(name);
        return v instanceof Long l ? l : fallback;
    }

    private static <T> T get(Future<T> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new BacktestFailedException("writing the backtest output failed", e.getCause());
        }
    }
}
