package io.meshloop.schemas.policy;

import java.nio.file.Path;

/**
 * Global settings of a {@link PolicySet}.
 *
 * @param killSwitch a file whose existence disables all enforcement (every policy behaves as
 *     dry-run); the engine checks it at runtime on every evaluation, so {@code touch} stops the
 *     loop without a restart. Default {@code /var/run/meshloop/disable}
 * @param maxActionsPerMinute global rate limit on actuated actions across all policies, 1..10000,
 *     default 10; actions over the limit are recorded as rate-limited, not queued
 * @param mode mode of policies that do not set one, default {@link Mode#DRY_RUN}
 */
public record Settings(Path killSwitch, int maxActionsPerMinute, Mode mode) {

    public static final Path DEFAULT_KILL_SWITCH = Path.of("/var/run/meshloop/disable");
    public static final int DEFAULT_MAX_ACTIONS_PER_MINUTE = 10;
    public static final int MAX_ACTIONS_PER_MINUTE = 10_000;
    public static final Mode DEFAULT_MODE = Mode.DRY_RUN;

    public Settings {
        Checks.notNull("settings.killSwitch", killSwitch);
        Checks.range(
                "settings.maxActionsPerMinute", maxActionsPerMinute, 1, MAX_ACTIONS_PER_MINUTE);
        Checks.notNull("settings.mode", mode);
    }

    public static Settings ofDefaults() {
        return new Settings(DEFAULT_KILL_SWITCH, DEFAULT_MAX_ACTIONS_PER_MINUTE, DEFAULT_MODE);
    }
}
