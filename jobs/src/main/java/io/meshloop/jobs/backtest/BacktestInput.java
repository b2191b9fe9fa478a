package io.meshloop.jobs.backtest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/** What a backtest reads: recorded files, or a Kafka topic between two timestamps. */
public sealed interface BacktestInput {

    /** A file or a directory of files written by the Collector's file exporter. */
    record RecordedFiles(Path path) implements BacktestInput {
        public RecordedFiles {
            Objects.requireNonNull(path, "--input");
        }

        @Override
        public String describe() {
            return path.toString();
        }
    }

    /**
     * Records of {@code topic} with a timestamp in {@code [from, to)}.
     *
     * @param bootstrapServers {@code host:port[,host:port...]}
     */
    record KafkaRange(String bootstrapServers, String topic, Instant from, Instant to)
            implements BacktestInput {
        public KafkaRange {
            if (from == null || to == null) {
                throw new IllegalArgumentException(
                        "--from and --to are required with a kafka:// input");
            }
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
            }
        }

        @Override
        public String describe() {
            return "kafka://" + bootstrapServers + "/" + topic + " [" + from + ", " + to + ")";
        }
    }

    /** One line for people. */
    String describe();

    /**
     * Parses {@code --input}: {@code kafka://BOOTSTRAP/TOPIC} (bootstrap may list several {@code
     * host:port} separated by commas), otherwise a local path.
     *
     * @param from start of the Kafka range (inclusive), null for files
     * @param to end of the Kafka range (exclusive), null for files
     * @throws IllegalArgumentException naming the option and the bad value
     */
    static BacktestInput parse(String input, Instant from, Instant to) {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("--input must be set");
        }
        if (input.startsWith("kafka://")) {
            String rest = input.substring("kafka://".length());
            int slash = rest.lastIndexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException(
                        "--input: '" + input + "' is not kafka://BOOTSTRAP/TOPIC");
            }
            return new KafkaRange(rest.substring(0, slash), rest.substring(slash + 1), from, to);
        }
        if (from != null || to != null) {
            throw new IllegalArgumentException(
                    "--from/--to apply to kafka:// inputs only; a file input is read whole");
        }
        return new RecordedFiles(Path.of(input));
    }
}
