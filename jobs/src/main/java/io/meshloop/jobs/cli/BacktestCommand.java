package io.meshloop.jobs.cli;

import io.meshloop.jobs.backtest.Backtest;
import io.meshloop.jobs.backtest.BacktestInput;
import io.meshloop.jobs.backtest.BacktestOptions;
import io.meshloop.jobs.backtest.BacktestResult;
import io.meshloop.operators.decision.engine.PolicySource;
import io.meshloop.schemas.otlp.Encoding;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshloop backtest}: what would these policies have done on recorded telemetry. */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the signals and decision graph on recorded telemetry as a bounded job and writes"
                    + " signals.jsonl, decisions.jsonl, deadletters.jsonl and summary.md to --out."
                    + " Never touches a mesh.",
            "Input: a file or directory written by the OpenTelemetry Collector's file exporter, or"
                    + " kafka://BOOTSTRAP/TOPIC with --from and --to (docs/backtest.md).",
            "Exit code 0 on success, 2 on bad input or options, 1 when the job fails."
        })
public final class BacktestCommand implements Callable<Integer> {

    @Option(
            names = "--input",
            required = true,
            paramLabel = "PATH|kafka://BOOTSTRAP/TOPIC",
            description = "Recorded file, directory of files, or Kafka topic.")
    String input;

    @Option(
            names = "--encoding",
            defaultValue = "otlp_proto",
            description =
                    "otlp_proto (length-prefixed protobuf) or otlp_json (JSON lines); for Kafka,"
                            + " records without an encoding header. Default: ${DEFAULT-VALUE}")
    String encoding;

    @Option(
            names = "--policies",
            required = true,
            paramLabel = "FILE",
            description = "Policy file.")
    Path policies;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output directory (created if missing; its backtest files are replaced).")
    Path out;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            description =
                    "Kafka only: first record timestamp, inclusive (e.g. 2025-03-01T00:00:00Z).")
    String from;

    @Option(
            names = "--to",
            paramLabel = "INSTANT",
            description = "Kafka only: end of the range, exclusive.")
    String to;

    @Option(names = "--parallelism", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}")
    int parallelism;

    private final PrintStream stdout;
    private final PrintStream stderr;

    public BacktestCommand() {
        this(System.out, System.err);
    }

    /** With the streams to report on, for tests. */
    public BacktestCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() {
        BacktestOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException | IOException e) {
            stderr.println("meshloop backtest: " + e.getMessage());
            return 2;
        }
        try {
            BacktestResult r = Backtest.run(options);
            stdout.printf(
                    "backtest done: %d spans, %d signals, %d decisions, %d dead letters → %s%n",
                    r.spans(),
                    r.signals(),
                    r.decisions().size(),
                    r.deadLetterRecords(),
                    r.outDir().resolve("summary.md"));
            return 0;
        } catch (IllegalArgumentException e) {
            stderr.println("meshloop backtest: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            stderr.println("meshloop backtest: " + e.getMessage());
            return 1;
        }
    }

    BacktestOptions options() throws IOException {
        Encoding enc = Encoding.fromConfigName(encoding);
        BacktestInput in = BacktestInput.parse(input, instant("--from", from), instant("--to", to));
        if (in instanceof BacktestInput.RecordedFiles f && !Files.exists(f.path())) {
            throw new IllegalArgumentException("--input: '" + f.path() + "' does not exist");
        }
        if (!Files.isRegularFile(policies)) {
            throw new IllegalArgumentException(
                    "--policies: '" + policies + "' is not a readable file");
        }
        PolicySource source = PolicySource.read(policies);
        return BacktestOptions.of(in, enc, source, out, parallelism);
    }

    private static Instant instant(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option
                            + ": '"
                            + value
                            + "' is not an ISO-8601 instant such as 2025-03-01T00:00:00Z");
        }
    }
}
