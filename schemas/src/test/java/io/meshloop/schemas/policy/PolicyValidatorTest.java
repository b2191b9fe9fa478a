package io.meshloop.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per kind of error the validator reports, plus several at once. */
class PolicyValidatorTest {

    private static final String HEADER =
            """
            apiVersion: meshloop.io/v1
            kind: PolicySet
            policies:
            """;

    /** Validates HEADER + {@code policies} (indented list items) and returns the messages. */
    private static List<String> errors(String policies) {
        PolicyValidator.Result r = PolicyValidator.validate("p.yaml", HEADER + policies);
        return r.errors().stream().map(PolicyError::toString).toList();
    }

    private static List<String> errorsOfDocument(String yaml) {
        return PolicyValidator.validate("p.yaml", yaml).errors().stream()
                .map(PolicyError::toString)
                .toList();
    }

    @Test
    void reportsEveryErrorAtOnceWithItsLine() {
        List<String> errors =
                errors(
                        """
                          - name: a
                            loop: timeouts
                            target: {service: payment}
                            action: {headroom: 0.5}
                          - name: b
                            loop: scaling
                            target: {service: frontend}
                            action: {maxReplicas: 5}
                            safety: {cooldown: 90}
                          - name: c
                            loop: retries
                            target: {service: cart}
                            when: [{threshold: {signal: error-rate, op: gt, value: 1}}]
                        """);
        assertThat(errors)
                .containsExactly(
                        "p.yaml:7: policies[0].action.headroom: '0.5' is out of range; allowed:"
                                + " 1..10 (a multiplier of the observed p99)",
                        "p.yaml:12: policies[1].safety.cooldown: '90' is not a duration; use e.g."
                                + " 30s, 5m, 1h",
                        "p.yaml:16: policies[2].when[0].threshold.signal: 'error-rate' is not a"
                                + " signal; did you mean 'error_rate'? allowed: error_rate, rate,"
                                + " p50_ms, p90_ms, p95_ms, p99_ms, max_ms, requests,"
                                + " anomaly_score");
    }

    @Test
    void unknownFieldSuggestsTheClosestOrListsAll() {
        assertThat(
                        errors(
                                """
                                  - name: a
                                    loop: timeouts
                                    target: {service: payment, servce: x}
                                    colour: blue
                                """))
                .containsExactly(
                        "p.yaml:6: policies[0].target.servce: 'servce' is not a known field; did"
                                + " you mean 'service'?",
                        "p.yaml:7: policies[0].colour: 'colour' is not a known field; allowed:"
                                + " name, mode, loop, target, when, action, safety");
    }

    @Test
    void wrongTypes() {
        assertThat(
                        errors(
                                """
                                  - name: a
                                    loop: concurrency-limit
                                    target: [payment]
                                    action: {minLimit: 1.5, smoothing: low}
                                    safety: {for: "3"}
                                """))
                .containsExactly(
                        "p.yaml:6: policies[0].target: '[...]' is not a mapping; expected a target"
                                + " with keys: service, version, route, instance, locality,"
                                + " edge, labels",
                        "p.yaml:7: policies[0].action.minLimit: '1.5' is not an integer; allowed:"
                                + " 1..100000",
                        "p.yaml:7: policies[0].action.smoothing: 'low' is not a number; allowed:"
                                + " 0.01..1",
                        "p.yaml:8: policies[0].safety.for: '3' is not an integer; allowed:"
                                + " 1..100");
    }

    @Test
    void missingRequiredFields() {
        assertThat(
                        errors(
                                """
                                  - name: a
                                    target: {service: payment}
                                  - name: b
                                    loop: canary
                                    target: {service: cart}
                                    action: {}
                                """))
                .containsExactly(
                        "p.yaml:4: policies[0].loop: required field is missing; one of: canary,"
                                + " shift-away, retries, timeouts, outlier-ejection,"
                                + " concurrency-limit, failover, scaling, security",
                        "p.yaml:6: policies[1].when: required field is missing; a list of"
                                + " conditions: threshold, compare, burnRate, plaintext,"
                                + " unexpectedEdge, all, any",
                        "p.yaml:8: policies[1].target.version: required field is missing; the"
                                + " canary version, e.g. v2",
                        "p.yaml:9: policies[1].action.stableVersion: required field is missing;"
                                + " the stable version, e.g. v1");
    }

    @Test
    void missingTopLevelAndWrongKind() {
        assertThat(errorsOfDocument("kind: Policy\n"))
                .containsExactly(
                        "p.yaml:1: apiVersion: required field is missing; allowed: meshloop.io/v1",
                        "p.yaml:1: kind: 'Policy' is not supported; allowed: PolicySet",
                        "p.yaml:1: policies: required field is missing; a list of policies");
    }

    @Test
    void loopActionMismatch() {
        assertThat(
                        errors(
                                """
                                  - name: a
                                    loop: timeouts
                                    target: {service: payment}
                                    action: {attempts: 3, headrom: 2}
                                """))
                .containsExactly(
                        "p.yaml:7: policies[0].action.attempts: 'attempts' is a retries parameter,"
                                + " but loop is timeouts; allowed for timeouts: headroom, min,"
                                + " max",
                        "p.yaml:7: policies[0].action.headrom: 'headrom' is not a known field; did"
                                + " you mean 'headroom'?");
    }

    @Test
    void duplicateNamesAndKeys() {
        assertThat(
                        errors(
                                """
                                  - name: a
                                    loop: timeouts
                                    target: {service: payment}
                                  - name: a
                                    loop: timeouts
                                    loop: scaling
                                    target: {service: cart}
                                """))
                .containsExactly(
                        "p.yaml:7: policies[1].name: 'a' is a duplicate policy name (first at"
                                + " line 4); policy names are unique in a PolicySet",
                        "p.yaml:9: policies[1].loop: 'loop' is a duplicate key (first at line 8);"
                                + " each key once per mapping");
    }

    @Test
    void conditionsThatMakeNoSenseForTheScope() {
        assertThat(
                        errors(
                                """
                                  - name: a
                                    loop: outlier-ejection
                                    target: {service: checkout}
                                    when:
                                      - compare: {signal: error_rate, baseline: stable-version}
                                      - burnRate: {objective: 0.999}
                                  - name: b
                                    loop: shift-away
                                    target: {service: cart, version: v2}
                                    when:
                                      - compare: {signal: p99_ms, baseline: stable-version, test: fisher}
                                      - unexpectedEdge: {learningPeriod: 1h}
                                  - name: c
                                    loop: security
                                    target: {edge: {caller: "*", callee: cart}}
                                    when: [{burnRate: {objective: 0.99}}]
                                """))
                .containsExactly(
                        "p.yaml:8: policies[0].when[0].compare.baseline: 'stable-version' makes no"
                                + " sense for per-instance signals (loop outlier-ejection);"
                                + " allowed: previous-window",
                        "p.yaml:9: policies[0].when[1].burnRate.objective: '0.999' is an SLO,"
                                + " which loop outlier-ejection does not evaluate; burn rates"
                                + " apply to service, route and edge targets of the other loops",
                        "p.yaml:14: policies[1].when[0].compare.test: 'fisher' cannot judge"
                                + " p99_ms; allowed for p99_ms: mann-whitney, quantile",
                        "p.yaml:14: policies[1].when[0].compare.stableVersion: required field is"
                                + " missing; baseline stable-version outside a canary policy"
                                + " names the stable version, e.g. v1",
                        "p.yaml:15: policies[1].when[1].unexpectedEdge: 'unexpectedEdge' only"
                                + " applies to loop security (caller→callee edges), not"
                                + " shift-away; allowed here: threshold, compare, burnRate, all,"
                                + " any",
                        "p.yaml:19: policies[2].when[0].burnRate.objective: '0.99' is an SLO,"
                                + " which loop security does not evaluate; burn rates apply to"
                                + " service, route and edge targets of the other loops");
    }

    @Test
    void targetFieldsTheLoopCannotUse() {
        assertThat(
                        errors(
                                """
                                  - name: a
                                    loop: canary
                                    target: {service: cart, version: v2, edge: {caller: frontend, callee: cart}}
                                    when: [{threshold: {signal: error_rate, op: gt, value: 0.1}}]
                                    action: {stableVersion: v1}
                                  - name: b
                                    loop: canary
                                    target: {service: cart, version: v2}
                                    when: [{threshold: {signal: error_rate, op: gt, value: 0.1}}]
                                    action: {stableVersion: v2}
                                """))
                .containsExactly(
                        "p.yaml:6: policies[0].target.edge: 'edge' cannot be targeted by loop"
                                + " canary; allowed for canary: service, version, route, labels",
                        "p.yaml:6: policies[0].target.edge: '{...}' conflicts with service; set"
                                + " either service (any caller) or edge",
                        "p.yaml:13: policies[1].action: '{...}' names the canary version v2 as its"
                                + " stableVersion; stableVersion must differ from target.version");
    }

    @Test
    void burnRateWindowsThatCanNeverFire() {
        assertThat(
                        errors(
                                """
                                  - name: a
                                    loop: failover
                                    target: {service: shipping}
                                    when:
                                      - burnRate:
                                          objective: 0.9
                                          windows: [{long: 1h, short: 5m, factor: 14.4}]
                                    action: {fromLocality: a, toLocalities: [a, "b c"]}
                                """))
                .containsExactly(
                        "p.yaml:10: policies[0].when[0].burnRate.windows[0].factor: '14.4' can"
                                + " never fire: factor × (1 − objective) is above an error rate"
                                + " of 1; allowed for objective 0.9: at most 10.000000000000002",
                        "p.yaml:11: policies[0].action.toLocalities[0]: 'a' is the fromLocality"
                                + " itself; another locality",
                        "p.yaml:11: policies[0].action.toLocalities[1]: 'b c' is not a locality;"
                                + " a locality region[/zone[/subzone]], e.g. eu-west-1");
    }

    @Test
    void conditionShape() {
        assertThat(
                        errors(
                                """
                                  - name: a
                                    loop: retries
                                    target: {service: cart}
                                    when:
                                      - threshold: {signal: error_rate, op: gt, value: 0.1}
                                        any: []
                                      - treshold: {}
                                      - plaintext: yes please
                                """))
                .containsExactly(
                        "p.yaml:8: policies[0].when[0]: '{...}' has 2 keys, not one condition; a"
                                + " mapping with one key, one of: threshold, compare, burnRate,"
                                + " plaintext, unexpectedEdge, all, any",
                        "p.yaml:10: policies[0].when[1].treshold: 'treshold' is not a condition;"
                                + " did you mean 'threshold'? allowed: threshold, compare,"
                                + " burnRate, plaintext, unexpectedEdge, all, any",
                        "p.yaml:11: policies[0].when[2].plaintext: 'yes please' takes no"
                                + " parameters; write plaintext: {}",
                        "p.yaml:11: policies[0].when[2].plaintext: 'plaintext' only applies to loop"
                                + " security (caller→callee edges), not retries; allowed here:"
                                + " threshold, compare, burnRate, all, any");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        List<String> errors =
                errorsOfDocument("apiVersion: meshloop.io/v1\nkind: PolicySet\npolicies: [\n");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("p.yaml:").contains("is not valid YAML");
        assertThat(errorsOfDocument(""))
                .containsExactly("p.yaml:1: the file is empty; a PolicySet document");
    }

    @Test
    void durationsOutOfRange() {
        assertThat(
                        errors(
                                """
                                  - name: a
                                    loop: canary
                                    target: {service: cart, version: v2}
                                    when: [{threshold: {signal: error_rate, op: gt, value: 0.1}}]
                                    action: {stableVersion: v1, interval: 2d}
                                    safety: {cooldown: 5m1h}
                                """))
                .containsExactly(
                        "p.yaml:8: policies[0].action.interval: '2d' is out of range; allowed:"
                                + " 1s..1d",
                        "p.yaml:9: policies[0].safety.cooldown: '5m1h' is not a duration; use"
                                + " e.g. 30s, 5m, 1h");
    }

    @Test
    void loaderThrowsWithEveryError() {
        assertThatThrownBy(() -> PolicyLoader.parse("x.yaml", "kind: PolicySet\n"))
                .isInstanceOfSatisfying(
                        PolicyValidationException.class,
                        e -> {
                            assertThat(e.errors()).hasSize(2);
                            assertThat(e.getMessage()).startsWith("2 errors");
                        });
    }

    @Test
    void modelConstructorsRejectBadValuesNamingTheField() {
        assertThatThrownBy(() -> new Action.Canary("v1", 20, 10, java.time.Duration.ofMinutes(1)))
                .hasMessage("action.maxWeight is 10, allowed 20..100");
        assertThatThrownBy(() -> new Safety(0, Safety.DEFAULT_COOLDOWN, Safety.Revert.AUTO, 1, 1))
                .hasMessage("safety.for is 0, allowed 1..100");
        assertThatThrownBy(
                        () ->
                                new Condition.Compare(
                                        SignalName.P99_MS,
                                        Condition.Baseline.PREVIOUS_WINDOW,
                                        null,
                                        Condition.StatTest.FISHER,
                                        0.98,
                                        10))
                .hasMessage("compare.test fisher cannot judge p99_ms");
        assertThatThrownBy(
                        () ->
                                new Policy(
                                        "p",
                                        Mode.ENFORCE,
                                        Loop.RETRIES,
                                        Target.service("cart"),
                                        Condition.All.always(),
                                        new Action.Security(Action.SecurityResponse.ALERT),
                                        Safety.ofDefaults()))
                .hasMessage("action is for loop security, policy loop is retries");
    }
}
