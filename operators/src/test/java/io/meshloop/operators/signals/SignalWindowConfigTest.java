package io.meshloop.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignalWindowConfigTest {

    @Test
    void defaultsAreTenSecondsSlidingEverySecond() {
        SignalWindowConfig c = SignalWindowConfig.ofDefaults();
        assertThat(c.size()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.slide()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.panesPerWindow()).isEqualTo(10);
    }

    @Test
    void rejectsSizeThatIsNotAMultipleOfSlide() {
        assertThatThrownBy(() -> SignalWindowConfig.ofDefaults().withSize(Duration.ofMillis(2500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size")
                .hasMessageContaining("2500 ms")
                .hasMessageContaining("1000 ms");
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> SignalWindowConfig.ofDefaults().withSlide(Duration.ZERO))
                .hasMessageContaining("slide")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(
                        () ->
                                SignalWindowConfig.ofDefaults()
                                        .withAllowedLateness(Duration.ofSeconds(-1)))
                .hasMessageContaining("allowedLateness")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> SignalWindowConfig.ofDefaults().withSlide(Duration.ofNanos(1500)))
                .hasMessageContaining("slide");
        assertThatThrownBy(() -> SignalWindowConfig.ofDefaults().withMaxBufferedPartials(0))
                .hasMessageContaining("maxBufferedPartials")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> SignalWindowConfig.ofDefaults().withSize(null))
                .hasMessageContaining("size");
    }
}
