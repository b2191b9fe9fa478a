package io.meshloop.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaConfigTest {

    @Test
    void defaultsPickFreePortsAndATempDir() {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.ofDefaults();
        assertThat(config.logDir()).isNull();
        assertThat(config.port()).isZero();
        assertThat(config.controllerPort()).isZero();
        assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void extraPropertiesOverrideDefaults() {
        EmbeddedKafkaConfig config =
                EmbeddedKafkaConfig.builder().property("num.partitions", "6").build();
        assertThat(
                        EmbeddedKafkaBroker.brokerProperties(config, Path.of("/x"), 1, 2)
                                .get("num.partitions"))
                .isEqualTo("6");
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().port(70000).build())
                .hasMessageContaining("port")
                .hasMessageContaining("70000");
        assertThatThrownBy(
                        () -> EmbeddedKafkaConfig.builder().port(9092).controllerPort(9092).build())
                .hasMessageContaining("9092");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().property("listeners", "x").build())
                .hasMessageContaining("'listeners'");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().startTimeout(Duration.ZERO).build())
                .hasMessageContaining("startTimeout");
    }
}
