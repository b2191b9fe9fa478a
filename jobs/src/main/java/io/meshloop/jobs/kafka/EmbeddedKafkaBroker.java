package io.meshloop.jobs.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, broker and controller in one) running inside this JVM on 127.0.0.1,
 * for {@code meshloop demo} and tests.
 *
 * <p>Internal topics (consumer offsets, transaction state, share-group state) have replication
 * factor 1 and min.insync.replicas 1, so transactional producers and {@code read_committed}
 * consumers work. Starting takes about 1.5–3 s, {@link #close()} well under a second.
 *
 * <p>Not for production: one node, no security, and a temporary log directory unless {@link
 * EmbeddedKafkaConfig#logDir()} names one.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;

    /** Free ports are picked, then bound a moment later; another process may win the race. */
    private static final int BIND_ATTEMPTS = 3;

    private final EmbeddedKafkaConfig config;
    private final KafkaRaftServer server;
    private final Admin admin;
    private final String bootstrapServers;
    private final Path tempDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(
            EmbeddedKafkaConfig config,
            KafkaRaftServer server,
            Admin admin,
            String bootstrapServers,
            Path tempDir) {
        this.config = config;
        this.server = server;
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.tempDir = tempDir;
    }

    /** Starts a broker with {@link EmbeddedKafkaConfig#ofDefaults()}: temp dir, free ports. */
    public static EmbeddedKafkaBroker start() {
        return start(EmbeddedKafkaConfig.ofDefaults());
    }

    /**
     * Formats the log directory (first use only) and starts the broker; returns once it answers
     * admin requests.
     *
     * @throws IllegalStateException if formatting fails or the broker does not answer within {@link
     *     EmbeddedKafkaConfig#startTimeout()}
     */
    public static EmbeddedKafkaBroker start(EmbeddedKafkaConfig config) {
        boolean freePorts = config.port() == 0 || config.controllerPort() == 0;
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(config);
            } catch (RuntimeException e) {
                if (!freePorts || attempt >= BIND_ATTEMPTS || !causedByBind(e)) {
                    throw e;
                }
                LOG.warn("Free port was taken before the broker bound it; retrying", e);
            }
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader, so
     * the first produce does not race the metadata.
     *
     * @throws IllegalStateException if the topic exists or is not ready within the start timeout
     */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** As {@link #createTopic(String, int)}, with topic configs such as {@code cleanup.policy}. */
    public void createTopic(String name, int partitions, Map<String, String> topicConfigs) {
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "partitions of topic '" + name + "' must be at least 1, was " + partitions);
        }
        ensureOpen();
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(topicConfigs);
        try {
            admin.createTopics(List.of(topic))
                    .all()
                    .get(config.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            while (!allLeadersElected(name, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "topic '"
                                    + name
                                    + "' has no leader for all "
                                    + partitions
                                    + " partitions after "
                                    + config.startTimeout());
                }
                Thread.sleep(20);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not create topic '" + name + "': " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "creating topic '" + name + "' took longer than " + config.startTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic '" + name + "'", e);
        }
    }

    /** Stops the broker and deletes the temporary log directory, if it made one. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            admin.close(Duration.ofSeconds(1));
        } finally {
            server.shutdown();
            server.awaitShutdown();
            deleteQuietly(tempDir);
        }
    }

    private boolean allLeadersElected(String name, int partitions)
            throws InterruptedException, ExecutionException {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        List<TopicPartitionInfo> infos = description.partitions();
        return infos.size() == partitions
                && infos.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("broker at " + bootstrapServers + " is closed");
        }
    }

    private static EmbeddedKafkaBroker startOnce(EmbeddedKafkaConfig config) {
        Path tempDir = null;
        KafkaRaftServer server = null;
        Admin admin = null;
        try {
            Path logDir;
            if (config.logDir() == null) {
                tempDir = Files.createTempDirectory("meshloop-kafka-");
                logDir = tempDir.resolve("data");
            } else {
                logDir = config.logDir().toAbsolutePath();
            }
            int port = config.port() == 0 ? freePort(-1) : config.port();
            int controllerPort =
                    config.controllerPort() == 0 ? freePort(port) : config.controllerPort();
            Map<String, String> props = brokerProperties(config, logDir, port, controllerPort);

            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(props);
            }
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();

            String bootstrap = HOST + ":" + port;
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            awaitNodes(admin, config.startTimeout(), bootstrap);
            return new EmbeddedKafkaBroker(config, server, admin, bootstrap, tempDir);
        } catch (IOException e) {
            cleanUp(admin, server, tempDir);
            throw new UncheckedIOException("could not prepare the Kafka log directory", e);
        } catch (RuntimeException | Error e) {
            cleanUp(admin, server, tempDir);
            throw e;
        }
    }

    /**
     * meshloop's broker settings. A static voter list ({@code controller.quorum.voters}) rather
     * than a formatted dynamic quorum: the controller's endpoint then comes from this config on
     * every start, so a kept {@code logDir} can be restarted on other (free) ports.
     */
    static Map<String, String> brokerProperties(
            EmbeddedKafkaConfig config, Path logDir, int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://"
                        + HOST
                        + ":"
                        + port
                        + ",CONTROLLER://"
                        + HOST
                        + ":"
                        + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica. Few partitions keep the first group
        // join and the first transaction fast (the defaults create 50 partitions each).
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "false");
        p.putAll(config.properties());
        return p;
    }

    /** Runs {@code kafka-storage format} for these properties with a fresh cluster id. */
    private static void format(Map<String, String> props) throws IOException {
        Path file = Files.createTempFile("meshloop-kafka-", ".properties");
        try {
            Properties properties = new Properties();
            properties.putAll(props);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(w, "meshloop embedded broker, for kafka-storage format");
            }
            String clusterId = Uuid.randomUuid().toString();
            String[] args = {"format", "-t", clusterId, "-c", file.toString()};
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc;
            try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
                rc = StorageTool.execute(args, ps);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "kafka-storage format of " + props.get("log.dirs") + " failed: " + e, e);
            }
            if (rc != 0) {
                throw new IllegalStateException(
                        "kafka-storage format of "
                                + props.get("log.dirs")
                                + " exited with "
                                + rc
                                + ": "
                                + out.toString(StandardCharsets.UTF_8).trim());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Polls until the broker lists itself; the admin client retries connecting on its own. */
    private static void awaitNodes(Admin admin, Duration timeout, String bootstrap) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not answering yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Kafka at " + bootstrap + " did not answer within " + timeout);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for Kafka at " + bootstrap, e);
        }
    }

    /** A port that was free a moment ago on 127.0.0.1, other than {@code avoid}. */
    private static int freePort(int avoid) throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                if (s.getLocalPort() != avoid) {
                    return s.getLocalPort();
                }
            }
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void cleanUp(Admin admin, KafkaRaftServer server, Path tempDir) {
        try {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } catch (RuntimeException e) {
            LOG.warn("Error stopping a Kafka broker that failed to start", e);
        } finally {
            deleteQuietly(tempDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete Kafka temp dir {}", dir, e);
        }
    }
}
