package io.meshloop.schemas.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import io.meshloop.schemas.json.DecisionJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {

    private final DecisionJson json = new DecisionJson();

    static Decision rollback() {
        DecisionTarget target = new DecisionTarget("shop", "cart", "v2", null, null, null, null);
        DesiredState desired =
                DesiredState.weights(
                        List.of(new VersionWeight("v1", 100), new VersionWeight("v2", 0)));
        long time = 1_740_787_210_000L;
        return new Decision(
                Decision.idFor("cart-canary", target, ActionType.SET_WEIGHTS, time, desired),
                time,
                "cart-canary",
                "canary",
                target,
                ActionType.SET_WEIGHTS,
                desired,
                DecisionMode.ENFORCE,
                "roll back cart v2: error rate 21.4% vs 0.3% on v1 (Fisher p=1.2e-9)",
                List.of(
                        Evidence.of(
                                "canary.error_rate",
                                0.214,
                                0.003,
                                "ratio",
                                "v2 over 30s, 140 requests"),
                        Evidence.of(
                                "fisher.p_value", 1.2e-9, 0.02, "p", "one-sided, confidence 0.98"),
                        Evidence.note("safety", "held for 3 consecutive evaluations")),
                null);
    }

    @Test
    void matchesTheGoldenFile() throws IOException {
        String expected = golden("golden/decision-rollback.json");
        assertThat(new String(json.toJson(rollback()), StandardCharsets.UTF_8))
                .isEqualTo(expected.strip());
    }

    @Test
    void roundTripsIncludingNaNThresholds() {
        Decision d = rollback();
        Decision back = json.fromJson(json.toJson(d));
        // Double.equals treats NaN as equal to itself, unlike ==
        assertThat(back)
                .usingRecursiveComparison()
                .withEqualsForType(Double::equals, Double.class)
                .isEqualTo(d);
        assertThat(back.evidence().get(2).value()).isNaN();
    }

    @Test
    void idIsDeterministicAndSensitiveToEveryInput() {
        Decision d = rollback();
        assertThat(Decision.idFor(d.policy(), d.target(), d.action(), d.time(), d.desired()))
                .isEqualTo(d.id());
        assertThat(Decision.idFor(d.policy(), d.target(), d.action(), d.time() + 1000, d.desired()))
                .isNotEqualTo(d.id());
        DesiredState other =
                DesiredState.weights(
                        List.of(new VersionWeight("v1", 90), new VersionWeight("v2", 10)));
        assertThat(Decision.idFor(d.policy(), d.target(), d.action(), d.time(), other))
                .isNotEqualTo(d.id());
    }

    @Test
    void rejectsUnknownFieldsAndBadWeights() {
        String withBogus =
                new String(json.toJson(rollback()), StandardCharsets.UTF_8)
                        .replaceFirst("\\{", "{\"bogus\":1,");
        assertThatThrownBy(() -> json.fromJson(withBogus.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus");
        assertThatThrownBy(
                        () ->
                                DesiredState.weights(
                                        List.of(
                                                new VersionWeight("v1", 50),
                                                new VersionWeight("v2", 10))))
                .hasMessageContaining("weights must sum to 100");
    }

    static String golden(String path) throws IOException {
        try (InputStream in = DecisionJsonTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
