package io.meshloop.schemas.policy;

import io.meshloop.schemas.policy.Action.SecurityResponse;
import io.meshloop.schemas.policy.YamlNode.Entry;
import io.meshloop.schemas.policy.YamlNode.MapNode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Reads a policy's {@code action}: a flat mapping whose keys must belong to the policy's loop. A
 * key of another loop is reported as a loop/action mismatch naming both loops.
 */
final class ActionReader {

    /** The action keys of each loop, in documentation order. */
    static final Map<Loop, List<String>> KEYS = new EnumMap<>(Loop.class);

    static {
        KEYS.put(Loop.CANARY, List.of("stableVersion", "stepWeight", "maxWeight", "interval"));
        KEYS.put(Loop.SHIFT_AWAY, List.of("awayWeight", "minRemainingWeight"));
        KEYS.put(Loop.RETRIES, List.of("attempts", "retryOn", "perTryTimeout", "overloadCutoff"));
        KEYS.put(Loop.TIMEOUTS, List.of("headroom", "min", "max"));
        KEYS.put(
                Loop.OUTLIER_EJECTION,
                List.of("maxEjectedPercent", "baseEjectionTime", "latencyFactor"));
        KEYS.put(Loop.CONCURRENCY_LIMIT, List.of("minLimit", "maxLimit", "smoothing", "tolerance"));
        KEYS.put(Loop.FAILOVER, List.of("fromLocality", "toLocalities"));
        KEYS.put(
                Loop.SCALING,
                List.of(
                        "minReplicas",
                        "maxReplicas",
                        "targetUtilization",
                        "targetRatePerReplica",
                        "targetP99Ms",
                        "scaleDownStabilization",
                        "actuate"));
        KEYS.put(Loop.SECURITY, List.of("response"));
    }

    /** {@code region[/zone[/subzone]]}, as Istio's locality load balancing spells it. */
    static final Pattern LOCALITY = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+){0,2}");

    private static final String LOCALITY_HINT =
            "a locality region[/zone[/subzone]], e.g. eu-west-1";
    private static final Duration DAY = Duration.ofDays(1);

    private final Problems problems;

    ActionReader(Problems problems) {
        this.problems = problems;
    }

    /** The action of {@code loop} from {@code node} (null: absent, every parameter defaulted). */
    Action read(Loop loop, YamlNode node, String path, int policyLine) {
        YamlNode n = node != null ? node : new MapNode(policyLine, Map.of());
        List<String> known = KEYS.get(loop);
        Fields f = Fields.of(problems, path, n, null, "the " + loop.yamlName() + " parameters");
        if (f == null) {
            return null;
        }
        for (Entry e : f.entries()) {
            if (!known.contains(e.key())) {
                Loop owner = ownerOf(e.key());
                if (owner != null) {
                    problems.add(
                            e.keyLine(),
                            f.path(e.key()),
                            e.key(),
                            "is a "
                                    + owner.yamlName()
                                    + " parameter, but loop is "
                                    + loop.yamlName(),
                            "allowed for " + loop.yamlName() + ": " + String.join(", ", known));
                } else {
                    f.unknownKey(e, known);
                }
            }
        }
        int before = problems.count();
        return switch (loop) {
            case CANARY -> canary(f, before);
            case SHIFT_AWAY -> shiftAway(f, before);
            case RETRIES -> retries(f, before);
            case TIMEOUTS -> timeouts(f, before);
            case OUTLIER_EJECTION -> outlierEjection(f, before);
            case CONCURRENCY_LIMIT -> concurrencyLimit(f, before);
            case FAILOVER -> failover(f, before);
            case SCALING -> scaling(f, before);
            case SECURITY -> {
                SecurityResponse r =
                        f.enumValue(
                                "response",
                                SecurityResponse.class,
                                SecurityResponse.ALERT,
                                "response");
                yield f.build(before, () -> new Action.Security(r));
            }
        };
    }

    private static Loop ownerOf(String key) {
        return KEYS.entrySet().stream()
                .filter(e -> e.getValue().contains(key))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private Action canary(Fields f, int before) {
        String stable = f.requiredString("stableVersion", "the stable version, e.g. v1");
        Integer step = f.integer("stepWeight", Action.Canary.DEFAULT_STEP_WEIGHT, 1, 100);
        Integer max = f.integer("maxWeight", Action.Canary.DEFAULT_MAX_WEIGHT, 1, 100);
        if (step != null && max != null && max < step) {
            f.error(
                    "maxWeight",
                    "is below stepWeight (" + step + ")",
                    "allowed: " + step + "..100");
        }
        Duration interval =
                f.duration("interval", Action.Canary.DEFAULT_INTERVAL, Duration.ofSeconds(1), DAY);
        return f.build(before, () -> new Action.Canary(stable, step, max, interval));
    }

    private Action shiftAway(Fields f, int before) {
        Integer away = f.integer("awayWeight", Action.ShiftAway.DEFAULT_AWAY_WEIGHT, 1, 100);
        Integer keep = f.integer("minRemainingWeight", 0, 0, 99);
        return f.build(before, () -> new Action.ShiftAway(away, keep));
    }

    private Action retries(Fields f, int before) {
        Integer attempts =
                f.integer(
                        "attempts",
                        Action.Retries.DEFAULT_ATTEMPTS,
                        1,
                        Action.Retries.MAX_ATTEMPTS);
        List<String> retryOn = f.stringList("retryOn", "retry conditions");
        if (retryOn != null) {
            if (retryOn.isEmpty()) {
                f.error("retryOn", "is an empty list", "at least one retry condition");
            }
            for (int i = 0; i < retryOn.size(); i++) {
                String r = retryOn.get(i);
                if (!Action.Retries.isRetryOn(r)) {
                    problems.add(
                            ((YamlNode.ListNode) f.node("retryOn")).items().get(i).line(),
                            f.path("retryOn") + "[" + i + "]",
                            r,
                            "is not a retry condition",
                            Suggest.didYouMean(r, Action.Retries.RETRY_ON_VALUES)
                                    + "allowed: "
                                    + String.join(", ", Action.Retries.RETRY_ON_VALUES)
                                    + ", or an HTTP status code such as 503");
                }
            }
        } else if (!f.has("retryOn")) {
            retryOn = Action.Retries.DEFAULT_RETRY_ON;
        }
        Duration perTry =
                f.duration(
                        "perTryTimeout",
                        Duration.ZERO,
                        Duration.ofMillis(1),
                        Duration.ofMinutes(10));
        Double cutoff =
                f.number(
                        "overloadCutoff",
                        Action.Retries.DEFAULT_OVERLOAD_CUTOFF,
                        0,
                        1,
                        "allowed: 0..1 (an error rate)");
        List<String> finalRetryOn = retryOn;
        Optional<Duration> perTryTimeout =
                f.has("perTryTimeout") ? Optional.ofNullable(perTry) : Optional.empty();
        return f.build(
                before, () -> new Action.Retries(attempts, finalRetryOn, perTryTimeout, cutoff));
    }

    private Action timeouts(Fields f, int before) {
        Double headroom =
                f.number(
                        "headroom",
                        Action.Timeouts.DEFAULT_HEADROOM,
                        1,
                        Action.Timeouts.MAX_HEADROOM,
                        "allowed: 1..10 (a multiplier of the observed p99)");
        Duration min =
                f.duration(
                        "min",
                        Action.Timeouts.DEFAULT_MIN,
                        Duration.ofMillis(1),
                        Duration.ofHours(1));
        Duration max =
                f.duration(
                        "max",
                        Action.Timeouts.DEFAULT_MAX,
                        Duration.ofMillis(1),
                        Duration.ofHours(1));
        if (min != null && max != null && min.compareTo(max) > 0) {
            f.error(
                    f.has("max") ? "max" : "min",
                    "is inconsistent: min ("
                            + Durations.format(min)
                            + ") > max ("
                            + Durations.format(max)
                            + ")",
                    "min <= max");
        }
        return f.build(before, () -> new Action.Timeouts(headroom, min, max));
    }

    private Action outlierEjection(Fields f, int before) {
        Integer percent =
                f.integer(
                        "maxEjectedPercent",
                        Action.OutlierEjection.DEFAULT_MAX_EJECTED_PERCENT,
                        1,
                        100);
        Duration base =
                f.duration(
                        "baseEjectionTime",
                        Action.OutlierEjection.DEFAULT_BASE_EJECTION_TIME,
                        Duration.ofSeconds(1),
                        Duration.ofHours(1));
        Double factor =
                f.number(
                        "latencyFactor",
                        Action.OutlierEjection.DEFAULT_LATENCY_FACTOR,
                        1,
                        100,
                        "allowed: 1..100 (instance p99 / median p99 of its peers)");
        return f.build(before, () -> new Action.OutlierEjection(percent, base, factor));
    }

    private Action concurrencyLimit(Fields f, int before) {
        int cap = Action.ConcurrencyLimit.MAX_LIMIT;
        Integer min = f.integer("minLimit", Action.ConcurrencyLimit.DEFAULT_MIN_LIMIT, 1, cap);
        Integer max = f.integer("maxLimit", Action.ConcurrencyLimit.DEFAULT_MAX_LIMIT, 1, cap);
        if (min != null && max != null && max < min) {
            f.error("maxLimit", "is below minLimit (" + min + ")", "allowed: " + min + ".." + cap);
        }
        Double smoothing =
                f.number("smoothing", Action.ConcurrencyLimit.DEFAULT_SMOOTHING, 0.01, 1);
        Double tolerance =
                f.number(
                        "tolerance",
                        Action.ConcurrencyLimit.DEFAULT_TOLERANCE,
                        1,
                        10,
                        "allowed: 1..10 (tolerated latency growth, 1.5 = +50%)");
        return f.build(before, () -> new Action.ConcurrencyLimit(min, max, smoothing, tolerance));
    }

    private Action failover(Fields f, int before) {
        String from = locality(f, "fromLocality");
        List<String> to = f.stringList("toLocalities", LOCALITY_HINT);
        if (!f.has("toLocalities")) {
            f.missing("toLocalities", "a list of localities to fail over to, in preference order");
        } else if (to != null) {
            if (to.isEmpty()) {
                f.error("toLocalities", "is an empty list", "at least one locality");
            }
            for (int i = 0; i < to.size(); i++) {
                String loc = to.get(i);
                int line = ((YamlNode.ListNode) f.node("toLocalities")).items().get(i).line();
                String at = f.path("toLocalities") + "[" + i + "]";
                if (!LOCALITY.matcher(loc).matches()) {
                    problems.add(line, at, loc, "is not a locality", LOCALITY_HINT);
                } else if (loc.equals(from)) {
                    problems.add(line, at, loc, "is the fromLocality itself", "another locality");
                }
            }
        }
        return f.build(before, () -> new Action.Failover(from, to));
    }

    private String locality(Fields f, String key) {
        String loc = f.requiredString(key, LOCALITY_HINT);
        if (loc != null && !LOCALITY.matcher(loc).matches()) {
            f.error(key, "is not a locality", LOCALITY_HINT);
        }
        return loc;
    }

    private Action scaling(Fields f, int before) {
        int cap = Action.Scaling.MAX_REPLICAS;
        Integer min = f.integer("minReplicas", 1, 1, cap);
        Integer max = f.integer("maxReplicas", null, 1, cap);
        if (min != null && max != null && max < min) {
            f.error(
                    "maxReplicas",
                    "is below minReplicas (" + min + ")",
                    "allowed: " + min + ".." + cap);
        }
        Double utilization =
                f.number(
                        "targetUtilization",
                        Action.Scaling.DEFAULT_TARGET_UTILIZATION,
                        0.05,
                        1,
                        "allowed: 0.05..1 (0.7 = 70% CPU)");
        OptionalDouble rate = optionalPositive(f, "targetRatePerReplica", "requests/s per replica");
        OptionalDouble p99 = optionalPositive(f, "targetP99Ms", "ms");
        Duration stabilization =
                f.duration(
                        "scaleDownStabilization",
                        Action.Scaling.DEFAULT_SCALE_DOWN_STABILIZATION,
                        Duration.ZERO,
                        Duration.ofHours(1));
        Boolean actuate = f.bool("actuate", false);
        return f.build(
                before,
                () -> new Action.Scaling(min, max, utilization, rate, p99, stabilization, actuate));
    }

    private static OptionalDouble optionalPositive(Fields f, String key, String unit) {
        if (!f.has(key)) {
            return OptionalDouble.empty();
        }
        Double v = f.number(key, null, 0.001, 1e9, "allowed: a number > 0 (" + unit + ")");
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
