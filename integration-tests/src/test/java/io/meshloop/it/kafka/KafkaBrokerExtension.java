package io.meshloop.it.kafka;

import io.meshloop.jobs.kafka.EmbeddedKafkaBroker;
import io.meshloop.jobs.kafka.EmbeddedKafkaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One in-JVM Kafka broker ({@link EmbeddedKafkaBroker}) per test class: started before the first
 * test, stopped after the last. Register it on a static field, or let JUnit inject it:
 *
 * <pre>{@code
 * @RegisterExtension static KafkaBrokerExtension kafka = new KafkaBrokerExtension();
 *
 * @Test void roundTrip() {
 *     String topic = kafka.freshTopic("spans", 3);
 *     kafka.produce(topic, List.of(new ProducerRecord<>(topic, key, value)));
 *     assertThat(kafka.consume(topic, 1, Duration.ofSeconds(10))).hasSize(1);
 * }
 * }</pre>
 *
 * <p>With {@code @ExtendWith(KafkaBrokerExtension.class)} instead, declare a {@code
 * KafkaBrokerExtension} or {@link EmbeddedKafkaBroker} parameter on a test, lifecycle method or
 * constructor. Tests share the broker, so each one should use its own {@link #freshTopic}.
 */
public final class KafkaBrokerExtension
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final Pattern LEGAL_TOPIC_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    private final EmbeddedKafkaConfig config;
    private final AtomicInteger topicCounter = new AtomicInteger();

    /** Nesting depth: @Nested classes run beforeAll/afterAll again on the same instance. */
    private int depth;

    private EmbeddedKafkaBroker broker;

    /** A broker with {@link EmbeddedKafkaConfig#ofDefaults()}: temp dir, free ports. */
    public KafkaBrokerExtension() {
        this(EmbeddedKafkaConfig.ofDefaults());
    }

    public KafkaBrokerExtension(EmbeddedKafkaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ == 0) {
            broker = EmbeddedKafkaBroker.start(config);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--depth == 0 && broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaBrokerExtension.class || type == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBrokerExtension.class ? this : broker();
    }

    /** The running broker. */
    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException(
                    "Kafka broker is not running: register KafkaBrokerExtension on a static field"
                            + " (@RegisterExtension static) or with @ExtendWith on the class");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /**
     * Creates a topic no other test uses, {@code <prefix>-<n>-<random>}, and waits until it is
     * ready.
     */
    public String freshTopic(String prefix, int partitions) {
        if (prefix == null || !LEGAL_TOPIC_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "topic prefix must be 1-200 characters of [a-zA-Z0-9._-], was '"
                            + prefix
                            + "'");
        }
        String name =
                prefix
                        + "-"
                        + topicCounter.incrementAndGet()
                        + "-"
                        + UUID.randomUUID().toString().substring(0, 8);
        broker().createTopic(name, partitions);
        return name;
    }

    /** Base producer settings: this broker, byte arrays, idempotent, {@code acks=all}. */
    public Map<String, Object> producerConfig() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return p;
    }

    /**
     * Base consumer settings: this broker, byte arrays, {@code read_committed}, earliest, no
     * auto-commit and no group (the helpers here assign partitions themselves).
     */
    public Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return c;
    }

    /**
     * Writes the records to {@code topic} (their own topic field is ignored; partition, timestamp,
     * key, value and headers are kept) and waits until every one is acknowledged.
     */
    public void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> r : records) {
                acks.add(
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        r.partition(),
                                        r.timestamp(),
                                        r.key(),
                                        r.value(),
                                        r.headers())));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "producing to '" + topic + "' failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted producing to '" + topic + "'", e);
        }
    }

    /**
     * Reads {@code topic} from the beginning with {@code read_committed} until {@code expected}
     * records have arrived, and returns all it read, in arrival order (offset order within a
     * partition).
     *
     * @throws AssertionError if fewer arrive within {@code timeout} (the message says how many)
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(
            String topic, int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = assignedFromStart(topic)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        if (out.size() < expected) {
            throw new AssertionError(
                    "expected "
                            + expected
                            + " committed records in '"
                            + topic
                            + "' within "
                            + timeout
                            + ", got "
                            + out.size());
        }
        return out;
    }

    /**
     * Reads everything committed in {@code topic} right now ({@code read_committed}, up to the last
     * stable offset of every partition): unlike {@link #consume}, this proves the absence of
     * records, for example that aborted ones stay invisible.
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeToEnd(String topic, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = assignedFromStart(topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "did not reach the end offsets "
                                    + end
                                    + " of '"
                                    + topic
                                    + "' within "
                                    + timeout
                                    + "; read "
                                    + out.size());
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    private KafkaConsumer<byte[], byte[]> assignedFromStart(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic)
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
