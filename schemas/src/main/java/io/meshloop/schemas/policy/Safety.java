package io.meshloop.schemas.policy;

import java.time.Duration;

/**
 * Per-policy safety rails (the global ones, action rate and kill switch, are in {@link Settings}).
 *
 * @param forEvaluations YAML {@code for}: the condition must hold on this many consecutive
 *     evaluations before the policy acts (hysteresis), 1..100, default 3
 * @param cooldown minimum time between two actions of this policy on the same target, 0s..24h,
 *     default 60s
 * @param revert whether the action is undone automatically when the condition clears, default
 *     {@link Revert#AUTO}
 * @param revertAfter with {@code auto}: consecutive clean evaluations before reverting, 1..1000,
 *     default 5
 * @param maxTargetsPerAction most targets one evaluation of this policy may act on (e.g. instances
 *     ejected at once), 1..1000, default 1
 */
public record Safety(
        int forEvaluations,
        Duration cooldown,
        Revert revert,
        int revertAfter,
        int maxTargetsPerAction) {

    public static final int DEFAULT_FOR = 3;
    public static final int MAX_FOR = 100;
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(60);
    public static final Duration MAX_COOLDOWN = Duration.ofHours(24);
    public static final int DEFAULT_REVERT_AFTER = 5;
    public static final int MAX_REVERT_AFTER = 1000;
    public static final int DEFAULT_MAX_TARGETS = 1;
    public static final int MAX_TARGETS = 1000;

    /** Whether an action is undone when its condition clears. */
    public enum Revert implements YamlEnum {
        /** Undo after {@code revertAfter} clean evaluations (respecting the cooldown). */
        AUTO("auto"),
        /** Leave the action in place; an operator reverts it. */
        MANUAL("manual");

        private final String yamlName;

        Revert(String yamlName) {
            this.yamlName = yamlName;
        }

        @Override
        public String yamlName() {
            return yamlName;
        }
    }

    public Safety {
        Checks.range("safety.for", forEvaluations, 1, MAX_FOR);
        Checks.notNull("safety.cooldown", cooldown);
        Checks.check(
                !cooldown.isNegative() && cooldown.compareTo(MAX_COOLDOWN) <= 0,
                "safety.cooldown is " + cooldown + ", allowed 0s..24h");
        Checks.notNull("safety.revert", revert);
        Checks.range("safety.revertAfter", revertAfter, 1, MAX_REVERT_AFTER);
        Checks.range("safety.maxTargetsPerAction", maxTargetsPerAction, 1, MAX_TARGETS);
    }

    public static Safety ofDefaults() {
        return new Safety(
                DEFAULT_FOR,
                DEFAULT_COOLDOWN,
                Revert.AUTO,
                DEFAULT_REVERT_AFTER,
                DEFAULT_MAX_TARGETS);
    }
}
