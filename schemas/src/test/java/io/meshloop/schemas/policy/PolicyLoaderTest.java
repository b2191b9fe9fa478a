package io.meshloop.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.policy.Action.SecurityResponse;
import io.meshloop.schemas.policy.Condition.All;
import io.meshloop.schemas.policy.Condition.Any;
import io.meshloop.schemas.policy.Condition.Baseline;
import io.meshloop.schemas.policy.Condition.BurnRate;
import io.meshloop.schemas.policy.Condition.BurnWindow;
import io.meshloop.schemas.policy.Condition.Compare;
import io.meshloop.schemas.policy.Condition.Comparison;
import io.meshloop.schemas.policy.Condition.StatTest;
import io.meshloop.schemas.policy.Condition.Threshold;
import io.meshloop.schemas.signal.SignalScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Loads each loop's example and compares it field by field with the model built in code. */
class PolicyLoaderTest {

    private static final Path EXAMPLES = PolicyExamplesTest.EXAMPLES;

    private static PolicySet load(String file) throws Exception {
        return PolicyLoader.load(EXAMPLES.resolve(file));
    }

    private static Target target(String service, String version, String route) {
        return new Target(service, version, route, null, null, null, Map.of());
    }

    @Test
    void canary() throws Exception {
        PolicySet set = load("canary.yaml");
        assertThat(set.settings())
                .isEqualTo(new Settings(Path.of("/var/run/meshloop/disable"), 10, Mode.ENFORCE));
        Policy p = set.policies().get(0);
        assertThat(p.name()).isEqualTo("cart-canary");
        assertThat(p.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(p.loop()).isEqualTo(Loop.CANARY);
        assertThat(p.target()).isEqualTo(target("cart", "v2", null));
        assertThat(p.scope()).isEqualTo(SignalScope.SERVICE);
        assertThat(p.when())
                .isEqualTo(
                        new All(
                                List.of(
                                        new Any(
                                                List.of(
                                                        new Compare(
                                                                SignalName.ERROR_RATE,
                                                                Baseline.STABLE_VERSION,
                                                                "v1",
                                                                StatTest.FISHER,
                                                                0.98,
                                                                200),
                                                        new Compare(
                                                                SignalName.P99_MS,
                                                                Baseline.STABLE_VERSION,
                                                                "v1",
                                                                StatTest.QUANTILE,
                                                                0.98,
                                                                200),
                                                        new Threshold(
                                                                SignalName.ERROR_RATE,
                                                                Comparison.GT,
                                                                0.05))))));
        assertThat(p.action()).isEqualTo(new Action.Canary("v1", 10, 50, Duration.ofMinutes(1)));
        assertThat(p.safety())
                .isEqualTo(new Safety(3, Duration.ofMinutes(1), Safety.Revert.MANUAL, 5, 1));
    }

    @Test
    void shiftAway() throws Exception {
        Policy p = load("shift-away.yaml").policies().get(0);
        assertThat(p.mode()).isEqualTo(Mode.DRY_RUN);
        assertThat(p.target()).isEqualTo(target("catalog", "v1", null));
        Any any = (Any) ((All) p.when()).conditions().get(0);
        assertThat(any.conditions())
                .containsExactly(
                        new BurnRate(0.999, BurnRate.DEFAULT_WINDOWS),
                        new Threshold(SignalName.P99_MS, Comparison.GT, 250));
        assertThat(p.action()).isEqualTo(new Action.ShiftAway(30, 10));
        assertThat(p.safety())
                .isEqualTo(new Safety(3, Duration.ofMinutes(2), Safety.Revert.AUTO, 10, 1));
    }

    @Test
    void retriesAndTimeouts() throws Exception {
        PolicySet set = load("retries-timeouts.yaml");
        Policy retries = set.policy("cart-retries").orElseThrow();
        assertThat(retries.target())
                .isEqualTo(
                        new Target(
                                null,
                                null,
                                null,
                                null,
                                null,
                                new EdgeSelector("frontend", "cart"),
                                Map.of()));
        assertThat(retries.scope()).isEqualTo(SignalScope.EDGE);
        assertThat(retries.when())
                .isEqualTo(
                        new All(
                                List.of(
                                        new Threshold(SignalName.ERROR_RATE, Comparison.GT, 0.01),
                                        new Threshold(SignalName.ERROR_RATE, Comparison.LT, 0.2))));
        assertThat(retries.action())
                .isEqualTo(
                        new Action.Retries(
                                2,
                                List.of("connect-failure", "refused-stream", "unavailable", "503"),
                                Optional.of(Duration.ofMillis(500)),
                                0.2));
        Policy timeouts = set.policy("payment-timeouts").orElseThrow();
        assertThat(timeouts.target()).isEqualTo(target("payment", null, "/charge"));
        assertThat(timeouts.when()).isEqualTo(All.always());
        assertThat(timeouts.action())
                .isEqualTo(new Action.Timeouts(1.5, Duration.ofMillis(200), Duration.ofSeconds(5)));
    }

    @Test
    void outlierEjection() throws Exception {
        Policy p = load("outlier-ejection.yaml").policies().get(0);
        assertThat(p.scope()).isEqualTo(SignalScope.INSTANCE);
        All when = (All) p.when();
        assertThat(when.conditions().get(0))
                .isEqualTo(
                        new Any(
                                List.of(
                                        new Threshold(SignalName.ERROR_RATE, Comparison.GT, 0.1),
                                        new Compare(
                                                SignalName.P99_MS,
                                                Baseline.PREVIOUS_WINDOW,
                                                null,
                                                StatTest.QUANTILE,
                                                0.98,
                                                50))));
        assertThat(when.conditions().get(1))
                .isEqualTo(new Threshold(SignalName.REQUESTS, Comparison.GE, 20));
        assertThat(p.action()).isEqualTo(new Action.OutlierEjection(34, Duration.ofSeconds(30), 3));
    }

    @Test
    void concurrencyLimit() throws Exception {
        Policy p = load("concurrency-limit.yaml").policies().get(0);
        assertThat(p.when()).isEqualTo(All.always());
        assertThat(p.action()).isEqualTo(new Action.ConcurrencyLimit(20, 500, 0.2, 1.5));
        assertThat(p.safety().forEvaluations()).isEqualTo(1);
        assertThat(p.safety().cooldown()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void failover() throws Exception {
        Policy p = load("failover.yaml").policies().get(0);
        assertThat(p.when())
                .isEqualTo(
                        new All(
                                List.of(
                                        new BurnRate(
                                                0.995,
                                                List.of(
                                                        new BurnWindow(
                                                                Duration.ofHours(1),
                                                                Duration.ofMinutes(5),
                                                                14.4))))));
        assertThat(p.action()).isEqualTo(new Action.Failover("sim-1", List.of("sim-2", "sim-3")));
    }

    @Test
    void scaling() throws Exception {
        Policy p = load("scaling.yaml").policies().get(0);
        assertThat(p.action())
                .isEqualTo(
                        new Action.Scaling(
                                3,
                                12,
                                0.7,
                                OptionalDouble.of(150),
                                OptionalDouble.of(120),
                                Duration.ofMinutes(5),
                                false));
    }

    @Test
    void security() throws Exception {
        PolicySet set = load("security.yaml");
        Policy callers = set.policy("payment-callers").orElseThrow();
        assertThat(callers.target().edge()).isEqualTo(new EdgeSelector("*", "payment"));
        assertThat(callers.when())
                .isEqualTo(
                        new All(
                                List.of(
                                        new Condition.UnexpectedEdge(
                                                null,
                                                List.of(
                                                        new EdgeSelector(
                                                                "checkout", "payment"))))));
        assertThat(callers.action()).isEqualTo(new Action.Security(SecurityResponse.DENY));
        Policy learned = set.policy("new-edges").orElseThrow();
        assertThat(learned.target().labels()).containsEntry("app.kubernetes.io/part-of", "shop");
        assertThat(learned.scope()).isEqualTo(SignalScope.EDGE);
        assertThat(learned.when())
                .isEqualTo(
                        new All(
                                List.of(
                                        new Condition.UnexpectedEdge(
                                                Duration.ofHours(24), List.of()))));
        assertThat(learned.safety().maxTargetsPerAction()).isEqualTo(10);
        Policy plaintext = set.policy("redis-plaintext").orElseThrow();
        assertThat(plaintext.when()).isEqualTo(new All(List.of(new Condition.Plaintext())));
        assertThat(plaintext.action()).isEqualTo(new Action.Security(SecurityResponse.STRICT_MTLS));
    }

    @Test
    void omittedFieldsTakeTheDocumentedDefaults() throws Exception {
        PolicySet set =
                PolicyLoader.parse(
                        "min.yaml",
                        """
                        apiVersion: meshloop.io/v1
                        kind: PolicySet
                        policies:
                          - name: t
                            loop: timeouts
                            target: {service: payment}
                          - name: r
                            loop: retries
                            target: {service: cart}
                            when: {threshold: {signal: error_rate, op: gt, value: 0.01}}
                          - name: c
                            loop: canary
                            target: {service: cart, version: v2}
                            when:
                              - compare: {signal: p95_ms, baseline: stable-version}
                            action: {stableVersion: v1}
                        """);
        assertThat(set.settings()).isEqualTo(Settings.ofDefaults());
        Policy t = set.policies().get(0);
        assertThat(t.mode()).isEqualTo(Mode.DRY_RUN);
        assertThat(t.safety()).isEqualTo(Safety.ofDefaults());
        assertThat(t.action())
                .isEqualTo(
                        new Action.Timeouts(
                                Action.Timeouts.DEFAULT_HEADROOM,
                                Action.Timeouts.DEFAULT_MIN,
                                Action.Timeouts.DEFAULT_MAX));
        Policy r = set.policies().get(1);
        assertThat(r.when()).isEqualTo(new Threshold(SignalName.ERROR_RATE, Comparison.GT, 0.01));
        assertThat(r.action())
                .isEqualTo(
                        new Action.Retries(
                                2, Action.Retries.DEFAULT_RETRY_ON, Optional.empty(), 0.25));
        Policy c = set.policies().get(2);
        assertThat(c.when())
                .isEqualTo(
                        new All(
                                List.of(
                                        new Compare(
                                                SignalName.P95_MS,
                                                Baseline.STABLE_VERSION,
                                                "v1",
                                                StatTest.QUANTILE,
                                                0.98,
                                                100))));
        assertThat(c.action()).isEqualTo(new Action.Canary("v1", 10, 50, Duration.ofMinutes(1)));
    }
}
