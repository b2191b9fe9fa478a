package io.meshloop.it.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaBrokerExtensionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    /** Topics handed out in this class: each must be new (checked on every hand-out). */
    private static final Set<String> TOPICS_SEEN = ConcurrentHashMap.newKeySet();

    @Test
    void roundTripKeepsKeysValuesAndPartitions() {
        String topic = fresh("roundtrip", 3);
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add(new ProducerRecord<>(topic, i % 3, bytes("k" + i), bytes("v" + i)));
        }

        kafka.produce(topic, sent);
        List<ConsumerRecord<byte[], byte[]>> got = kafka.consume(topic, 30, TIMEOUT);

        assertThat(got).hasSize(30);
        assertThat(got)
                .allSatisfy(
                        r -> {
                            int i = Integer.parseInt(text(r.key()).substring(1));
                            assertThat(text(r.value())).isEqualTo("v" + i);
                            assertThat(r.partition()).isEqualTo(i % 3);
                        });
        assertThat(got.stream().map(r -> text(r.key())).distinct()).hasSize(30);
    }

    @Test
    void abortedTransactionsAreInvisibleToReadCommitted() {
        String topic = fresh("txn", 2);
        Map<String, Object> config = new HashMap<>(kafka.producerConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + topic);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            sendInTransaction(producer, topic, List.of("c1", "c2"), true);
            sendInTransaction(producer, topic, List.of("a1", "a2", "a3"), false);
            sendInTransaction(producer, topic, List.of("c3"), true);
        }

        assertThat(kafka.consumeToEnd(topic, TIMEOUT))
                .extracting(r -> text(r.value()))
                .containsExactlyInAnyOrder("c1", "c2", "c3");
        // The aborted records are in the log: read_uncommitted sees all six.
        assertThat(readUncommitted(topic, 6))
                .containsExactlyInAnyOrder("c1", "c2", "a1", "a2", "a3", "c3");
    }

    @RepeatedTest(2)
    void everyTestGetsItsOwnEmptyTopic(RepetitionInfo repetition) {
        String topic = fresh("fresh", 1);
        assertThat(kafka.consumeToEnd(topic, TIMEOUT)).isEmpty();

        String mine = "repetition-" + repetition.getCurrentRepetition();
        kafka.produce(topic, List.of(new ProducerRecord<>(topic, bytes(mine), bytes(mine))));

        // Only this repetition's record: nothing leaks in from the other one.
        assertThat(kafka.consumeToEnd(topic, TIMEOUT))
                .extracting(r -> text(r.value()))
                .containsExactly(mine);
    }

    @AfterAll
    static void everyFreshTopicExistsOnTheSharedBroker() throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).containsAll(TOPICS_SEEN);
        }
    }

    private static String fresh(String prefix, int partitions) {
        String topic = kafka.freshTopic(prefix, partitions);
        assertThat(TOPICS_SEEN.add(topic)).as("topic %s handed out twice", topic).isTrue();
        return topic;
    }

    private static void sendInTransaction(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            List<String> values,
            boolean commit) {
        producer.beginTransaction();
        for (String v : values) {
            producer.send(new ProducerRecord<>(topic, bytes(v), bytes(v)));
        }
        producer.flush();
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private static List<String> readUncommitted(String topic, int expected) {
        Map<String, Object> config = new HashMap<>(kafka.consumerConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions =
                    List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(text(r.value())));
            }
        }
        return values;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, UTF_8);
    }
}
