package io.meshloop.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesUnitsLargestFirst() {
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).contains(Duration.ofDays(2));
        assertThat(Durations.parse("0s")).contains(Duration.ZERO);
    }

    @Test
    void rejectsAmbiguousSpellings() {
        for (String bad :
                new String[] {"30", "5 minutes", "5m1h", "1s1s", "-5s", "1.5h", "", "PT5M"}) {
            assertThat(Durations.parse(bad)).as(bad).isEmpty();
        }
        assertThat(Durations.parse(null)).isEmpty();
    }

    @Test
    void formatsTheShortestSpelling() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.parse(Durations.format(Duration.ofSeconds(93_784))))
                .contains(Duration.ofSeconds(93_784));
    }
}
