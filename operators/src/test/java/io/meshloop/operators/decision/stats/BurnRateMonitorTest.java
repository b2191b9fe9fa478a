package io.meshloop.operators.decision.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BurnRateMonitorTest {

    private static final long MIN = 60_000;

    /** SLO 99.9 %: budget 0.001. 1 h / 5 min at 14.4, 1-minute buckets. */
    private static BurnRateMonitor monitor() {
        return new BurnRateMonitor(
                new BurnRateConfig(
                        0.999,
                        MIN,
                        List.of(new BurnRateConfig.Pair("1h/5m", 60 * MIN, 5 * MIN, 14.4))));
    }

    @Test
    void firesWhenBothWindowsBurnAndShortWindowResetsAtRecovery() {
        BurnRateMonitor m = monitor();
        for (int minute = 0; minute < 60; minute++) {
            m.add(minute * MIN, 1000, 20); // 2 % errors = burn 20
        }
        BurnRateStatus s = m.status(60 * MIN);
        assertThat(s.pairs().get(0).longWindow().burnRate()).isCloseTo(20.0, within(1e-9));
        assertThat(s.pairs().get(0).shortWindow().burnRate()).isCloseTo(20.0, within(1e-9));
        assertThat(s.firingPairs()).containsExactly("1h/5m");

        for (int minute = 60; minute < 65; minute++) {
            m.add(minute * MIN, 1000, 0);
        }
        s = m.status(65 * MIN);
        // long: minutes 5..64 = 55 bad minutes: 1100 errors / 60000 = 0.01833 → 18.33
        assertThat(s.pairs().get(0).longWindow().errors()).isEqualTo(1100);
        assertThat(s.pairs().get(0).longWindow().burnRate()).isCloseTo(18.333, within(1e-3));
        assertThat(s.pairs().get(0).shortWindow().burnRate()).isZero();
        assertThat(s.firing()).isFalse();
    }

    @Test
    void shortSpikeAloneDoesNotFire() {
        BurnRateMonitor m = monitor();
        for (int minute = 0; minute < 60; minute++) {
            m.add(minute * MIN + 500, 1000, minute >= 55 ? 100 : 0); // last 5 min: burn 100
        }
        BurnRateStatus s = m.status(60 * MIN);
        assertThat(s.pairs().get(0).shortWindow().burnRate()).isCloseTo(100, within(1e-9));
        // long: 500 errors / 60000 = 8.33 < 14.4
        assertThat(s.pairs().get(0).longWindow().burnRate()).isCloseTo(8.333, within(1e-3));
        assertThat(s.firing()).isFalse();
        assertThat(s.evidence()).hasSize(2);
    }

    @Test
    void boundedRingDropsDataOlderThanTheLongestWindow() {
        BurnRateMonitor m = monitor();
        assertThat(m.add(61 * MIN, 10, 1)).isTrue();
        assertThat(m.add(MIN, 10, 1)).isFalse(); // same slot, older bucket
        assertThat(m.status(200 * MIN).pairs().get(0).longWindow().requests()).isZero();
        assertThat(m.status(0).pairs().get(0).longWindow().burnRate()).isZero();
    }

    @Test
    void defaultsAreTheWorkbookPairs() {
        BurnRateConfig c = BurnRateConfig.ofDefaults(0.999);
        assertThat(c.pairs()).extracting(BurnRateConfig.Pair::factor).containsExactly(14.4, 6.0);
        assertThat(c.longestWindowMillis()).isEqualTo(6 * 60 * MIN);
    }
}
