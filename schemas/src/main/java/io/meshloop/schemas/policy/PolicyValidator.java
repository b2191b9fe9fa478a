package io.meshloop.schemas.policy;

import io.meshloop.schemas.policy.YamlNode.Entry;
import io.meshloop.schemas.policy.YamlNode.MapNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a policy file and builds its {@link PolicySet}, collecting every error rather than
 * stopping at the first: unknown fields (with "did you mean"), wrong types, out-of-range numbers,
 * unknown enum values, missing fields, loop/action mismatches, target fields a loop cannot use,
 * conditions that make no sense for the loop's signal scope, and duplicate policy names.
 *
 * <p>Pure: reads no files (see {@link PolicyLoader}) and keeps no state between calls.
 */
public final class PolicyValidator {

    /**
     * The outcome of validating one file.
     *
     * @param policySet the model, or null when there are errors
     * @param errors every error, by line
     */
    public record Result(PolicySet policySet, List<PolicyError> errors) {
        public Result {
            errors = List.copyOf(errors);
            if ((policySet == null) == errors.isEmpty()) {
                throw new IllegalArgumentException("exactly one of policySet and errors");
            }
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    static final List<String> ROOT_KEYS = List.of("apiVersion", "kind", "settings", "policies");
    static final List<String> SETTINGS_KEYS = List.of("killSwitch", "maxActionsPerMinute", "mode");
    static final List<String> POLICY_KEYS =
            List.of("name", "mode", "loop", "target", "when", "action", "safety");
    static final List<String> TARGET_KEYS =
            List.of("service", "version", "route", "instance", "locality", "edge", "labels");
    static final List<String> SAFETY_KEYS =
            List.of("for", "cooldown", "revert", "revertAfter", "maxTargetsPerAction");

    /** Which target fields each loop can act on. */
    private static final Map<Loop, List<String>> TARGET_FIELDS = new EnumMap<>(Loop.class);

    static {
        List<String> routed = List.of("service", "version", "route", "edge", "labels");
        TARGET_FIELDS.put(Loop.CANARY, List.of("service", "version", "route", "labels"));
        TARGET_FIELDS.put(
                Loop.SHIFT_AWAY, List.of("service", "version", "route", "locality", "labels"));
        TARGET_FIELDS.put(Loop.RETRIES, routed);
        TARGET_FIELDS.put(Loop.TIMEOUTS, routed);
        TARGET_FIELDS.put(Loop.CONCURRENCY_LIMIT, routed);
        TARGET_FIELDS.put(Loop.OUTLIER_EJECTION, List.of("service", "version", "labels"));
        TARGET_FIELDS.put(Loop.FAILOVER, List.of("service", "version", "route", "labels"));
        TARGET_FIELDS.put(Loop.SCALING, List.of("service", "version", "labels"));
        TARGET_FIELDS.put(Loop.SECURITY, List.of("service", "version", "edge", "labels"));
    }

    private static final String NAME_RULE =
            "allowed: an RFC 1123 label: a-z, 0-9 and '-', at most 63 characters,"
                    + " starting and ending with a letter or digit";

    private final Problems problems;

    private PolicyValidator(Problems problems) {
        this.problems = problems;
    }

    /**
     * Validates {@code yaml}; {@code file} is only used to label errors.
     *
     * @return the model, or every error found
     */
    public static Result validate(String file, String yaml) {
        Problems problems = new Problems(file);
        YamlNode root = YamlTree.parse(yaml, problems);
        PolicySet set = root == null ? null : new PolicyValidator(problems).policySet(root);
        List<PolicyError> errors = problems.sorted();
        return new Result(errors.isEmpty() ? set : null, errors);
    }

    private PolicySet policySet(YamlNode root) {
        Fields f = Fields.of(problems, "", root, ROOT_KEYS, "a PolicySet");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        constant(f, "apiVersion", PolicySet.API_VERSION);
        constant(f, "kind", PolicySet.KIND);
        Settings settings = settings(f);
        Mode defaultMode = settings == null ? Settings.DEFAULT_MODE : settings.mode();
        List<YamlNode> items = f.list("policies", "policies");
        if (!f.has("policies")) {
            f.missing("policies", "a list of policies");
        }
        List<Policy> policies = new ArrayList<>();
        Map<String, Integer> nameLines = new HashMap<>();
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                policies.add(policy(items.get(i), "policies[" + i + "]", defaultMode, nameLines));
            }
        }
        return f.build(before, () -> new PolicySet(settings, policies));
    }

    private void constant(Fields f, String key, String expected) {
        String v = f.requiredString(key, "allowed: " + expected);
        if (v != null && !v.equals(expected)) {
            f.error(key, "is not supported", "allowed: " + expected);
        }
    }

    private Settings settings(Fields root) {
        if (!root.has("settings")) {
            return Settings.ofDefaults();
        }
        Fields f =
                Fields.of(problems, "settings", root.node("settings"), SETTINGS_KEYS, "settings");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        String killSwitch = f.string("killSwitch", "a file path, e.g. /var/run/meshloop/disable");
        Integer rate =
                f.integer(
                        "maxActionsPerMinute",
                        Settings.DEFAULT_MAX_ACTIONS_PER_MINUTE,
                        1,
                        Settings.MAX_ACTIONS_PER_MINUTE);
        Mode mode = f.enumValue("mode", Mode.class, Settings.DEFAULT_MODE, "mode");
        Path path = killSwitch == null ? Settings.DEFAULT_KILL_SWITCH : Path.of(killSwitch);
        return f.build(before, () -> new Settings(path, rate, mode));
    }

    private Policy policy(
            YamlNode node, String path, Mode defaultMode, Map<String, Integer> nameLines) {
        Fields f = Fields.of(problems, path, node, POLICY_KEYS, "a policy");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        String name = f.requiredString("name", NAME_RULE);
        if (name != null) {
            if (!Checks.DNS_LABEL.matcher(name).matches()) {
                f.error("name", "is not a valid policy name", NAME_RULE);
            } else if (nameLines.containsKey(name)) {
                f.error(
                        "name",
                        "is a duplicate policy name (first at line " + nameLines.get(name) + ")",
                        "policy names are unique in a PolicySet");
            } else {
                nameLines.put(name, f.line("name"));
            }
        }
        Mode mode = f.enumValue("mode", Mode.class, defaultMode, "mode");
        Loop loop = f.enumValue("loop", Loop.class, null, "loop");
        Target target = target(f, loop);
        Action action =
                loop == null
                        ? null
                        : new ActionReader(problems)
                                .read(loop, f.node("action"), f.path("action"), f.line());
        if (loop == Loop.CANARY
                && action instanceof Action.Canary c
                && target != null
                && c.stableVersion().equals(target.version())) {
            f.error(
                    "action",
                    "names the canary version " + c.stableVersion() + " as its stableVersion",
                    "stableVersion must differ from target.version");
        }
        Condition when = when(f, loop, target, action);
        Safety safety = safety(f);
        return f.build(before, () -> new Policy(name, mode, loop, target, when, action, safety));
    }

    private Condition when(Fields f, Loop loop, Target target, Action action) {
        if (!f.has("when")) {
            if (loop != null && loop.needsCondition()) {
                f.missing(
                        "when",
                        "a list of conditions: " + String.join(", ", ConditionReader.KINDS));
            }
            return Condition.All.always();
        }
        ConditionReader.Context ctx =
                new ConditionReader.Context(
                        loop,
                        loop == null || target == null ? null : loop.scope(target),
                        loop == Loop.CANARY ? canaryStable(f) : null,
                        target == null ? null : target.version());
        return new ConditionReader(problems, ctx).readWhen(f.node("when"), f.path("when"));
    }

    /** {@code action.stableVersion} as written, even when the rest of the action is invalid. */
    private static String canaryStable(Fields policy) {
        Entry e =
                policy.node("action") instanceof MapNode m
                        ? m.entries().get("stableVersion")
                        : null;
        if (e != null
                && e.value() instanceof YamlNode.Scalar s
                && s.type() == YamlNode.ScalarType.STRING) {
            return s.text();
        }
        return null;
    }

    private Target target(Fields policy, Loop loop) {
        if (!policy.has("target")) {
            policy.missing("target", "a mapping with some of: " + String.join(", ", TARGET_KEYS));
            return null;
        }
        Fields f =
                Fields.of(
                        problems,
                        policy.path("target"),
                        policy.node("target"),
                        TARGET_KEYS,
                        "a target");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        List<String> usable = loop == null ? TARGET_KEYS : TARGET_FIELDS.get(loop);
        for (Entry e : f.entries()) {
            if (TARGET_KEYS.contains(e.key()) && !usable.contains(e.key())) {
                problems.add(
                        e.keyLine(),
                        f.path(e.key()),
                        e.key(),
                        "cannot be targeted by loop " + loop.yamlName(),
                        "allowed for " + loop.yamlName() + ": " + String.join(", ", usable));
            }
        }
        String service = f.string("service", "a service name, e.g. cart");
        if (service != null && !Checks.DNS_LABEL.matcher(service).matches()) {
            f.error("service", "is not a service name", NAME_RULE);
        }
        String version = f.string("version", "a version, e.g. v2");
        String route = f.string("route", "an http.route, e.g. /cart");
        String instance = f.string("instance", "an instance (pod) name");
        String locality = f.string("locality", "region[/zone[/subzone]]");
        if (locality != null && !ActionReader.LOCALITY.matcher(locality).matches()) {
            f.error("locality", "is not a locality", "region[/zone[/subzone]], e.g. eu-west-1");
        }
        EdgeSelector edge = f.has("edge") ? edge(problems, f.node("edge"), f.path("edge")) : null;
        Map<String, String> labels = f.stringMap("labels");
        requiredTargetFields(f, loop);
        if (f.has("service") && f.has("edge")) {
            f.error("edge", "conflicts with service", "set either service (any caller) or edge");
        }
        return f.build(
                before,
                () -> new Target(service, version, route, instance, locality, edge, labels));
    }

    private static void requiredTargetFields(Fields f, Loop loop) {
        boolean selects = f.has("service") || f.has("edge") || f.has("labels");
        if (loop == Loop.CANARY || loop == Loop.SHIFT_AWAY) {
            if (!f.has("service")) {
                f.missing("service", "the service whose traffic is split, e.g. cart");
            }
            if (loop == Loop.CANARY && !f.has("version")) {
                f.missing("version", "the canary version, e.g. v2");
            }
            if (loop == Loop.SHIFT_AWAY && !f.has("version") && !f.has("locality")) {
                f.missing("version", "the version (or locality) to shift traffic away from");
            }
        } else if (!selects) {
            f.missing("service", "a target selects a service, an edge or labels");
        }
    }

    /** A {caller, callee} mapping; {@code *} matches any service. */
    static EdgeSelector edge(Problems problems, YamlNode node, String path) {
        Fields f = Fields.of(problems, path, node, List.of("caller", "callee"), "an edge");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        String caller = edgeEnd(f, "caller");
        String callee = edgeEnd(f, "callee");
        return f.build(before, () -> new EdgeSelector(caller, callee));
    }

    private static String edgeEnd(Fields f, String key) {
        String v = f.requiredString(key, "a service name or *");
        if (v != null && !v.equals(EdgeSelector.ANY) && !Checks.DNS_LABEL.matcher(v).matches()) {
            f.error(key, "is not a service name", "a service name (RFC 1123 label) or *");
        }
        return v;
    }

    private Safety safety(Fields policy) {
        if (!policy.has("safety")) {
            return Safety.ofDefaults();
        }
        Fields f =
                Fields.of(
                        problems,
                        policy.path("safety"),
                        policy.node("safety"),
                        SAFETY_KEYS,
                        "safety rails");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        Integer forN = f.integer("for", Safety.DEFAULT_FOR, 1, Safety.MAX_FOR);
        Duration cooldown =
                f.duration("cooldown", Safety.DEFAULT_COOLDOWN, Duration.ZERO, Safety.MAX_COOLDOWN);
        Safety.Revert revert =
                f.enumValue("revert", Safety.Revert.class, Safety.Revert.AUTO, "revert mode");
        Integer revertAfter =
                f.integer("revertAfter", Safety.DEFAULT_REVERT_AFTER, 1, Safety.MAX_REVERT_AFTER);
        if (revert == Safety.Revert.MANUAL && f.has("revertAfter")) {
            f.error(
                    "revertAfter",
                    "has no effect with revert: manual",
                    "remove it, or use revert: auto");
        }
        Integer maxTargets =
                f.integer("maxTargetsPerAction", Safety.DEFAULT_MAX_TARGETS, 1, Safety.MAX_TARGETS);
        return f.build(before, () -> new Safety(forN, cooldown, revert, revertAfter, maxTargets));
    }
}
