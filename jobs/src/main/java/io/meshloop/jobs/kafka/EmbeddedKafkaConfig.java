package io.meshloop.jobs.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to start an {@link EmbeddedKafkaBroker}.
 *
 * @param logDir where the broker keeps its log segments and KRaft metadata; {@code null} for a
 *     fresh temporary directory that {@link EmbeddedKafkaBroker#close()} deletes. A given directory
 *     is formatted on first use, reused afterwards and never deleted.
 * @param port client (PLAINTEXT) port on 127.0.0.1; 0 picks a free one
 * @param controllerPort KRaft controller port on 127.0.0.1; 0 picks a free one
 * @param properties extra broker properties, applied over meshloop's defaults (for example {@code
 *     num.partitions}, {@code log.retention.ms}); the listener, node and directory settings belong
 *     to the broker and are rejected
 * @param startTimeout how long {@link EmbeddedKafkaBroker#start(EmbeddedKafkaConfig)} waits for the
 *     broker to answer, and {@link EmbeddedKafkaBroker#createTopic} for a topic's leaders
 */
public record EmbeddedKafkaConfig(
        Path logDir,
        int port,
        int controllerPort,
        Map<String, String> properties,
        Duration startTimeout) {

    /** Properties the broker derives from the other fields; overriding them would break it. */
    static final Set<String> RESERVED =
            Set.of(
                    "process.roles",
                    "node.id",
                    "listeners",
                    "advertised.listeners",
                    "listener.security.protocol.map",
                    "controller.listener.names",
                    "controller.quorum.bootstrap.servers",
                    "controller.quorum.voters",
                    "inter.broker.listener.name",
                    "log.dirs",
                    "log.dir");

    public EmbeddedKafkaConfig {
        checkPort("port", port);
        checkPort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException(
                    "port and controllerPort must differ, both are " + port);
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        for (String key : properties.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException(
                        "properties: '"
                                + key
                                + "' is set by EmbeddedKafkaBroker itself; use logDir, port or"
                                + " controllerPort instead");
            }
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "startTimeout must be positive, was " + startTimeout);
        }
    }

    /** A temporary log directory, free ports, no extra properties, a 60 s start timeout. */
    public static EmbeddedKafkaConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void checkPort(String field, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(
                    field + " must be 0 (pick a free port) or 1..65535, was " + value);
        }
    }

    /** Builder for {@link EmbeddedKafkaConfig}; {@link #build()} validates. */
    public static final class Builder {
        private Path logDir;
        private int port;
        private int controllerPort;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {}

        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        public Builder properties(Map<String, String> more) {
            more.forEach(this::property);
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public EmbeddedKafkaConfig build() {
            return new EmbeddedKafkaConfig(logDir, port, controllerPort, properties, startTimeout);
        }
    }
}
