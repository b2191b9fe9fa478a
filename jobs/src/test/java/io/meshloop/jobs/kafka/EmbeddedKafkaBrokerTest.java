package io.meshloop.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @Test
    void keptLogDirRestartsOnOtherPortsWithItsTopics(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("kafka");
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.builder().logDir(logDir).build();
        String firstBootstrap;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
            firstBootstrap = broker.bootstrapServers();
            broker.createTopic("kept", 3);
        }
        assertThat(logDir.resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(topics(broker)).contains("kept");
            assertThatThrownBy(() -> broker.createTopic("kept", 3))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'kept'");
        }
        // Free ports are picked per start; the static voter list follows them.
        assertThat(firstBootstrap).isNotNull();
        assertThat(Files.exists(logDir)).as("a given logDir is never deleted").isTrue();
    }

    @Test
    void closeIsIdempotentAndRefusesLaterUse() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        broker.close();
        broker.close();
        assertThatThrownBy(() -> broker.createTopic("late", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private static Iterable<String> topics(EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers()))) {
            return admin.listTopics().names().get();
        }
    }
}
