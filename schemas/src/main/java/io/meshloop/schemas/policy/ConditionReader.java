package io.meshloop.schemas.policy;

import io.meshloop.schemas.policy.Condition.Baseline;
import io.meshloop.schemas.policy.Condition.BurnWindow;
import io.meshloop.schemas.policy.Condition.Comparison;
import io.meshloop.schemas.policy.Condition.StatTest;
import io.meshloop.schemas.policy.YamlNode.Entry;
import io.meshloop.schemas.policy.YamlNode.ListNode;
import io.meshloop.schemas.policy.YamlNode.MapNode;
import io.meshloop.schemas.policy.YamlNode.Scalar;
import io.meshloop.schemas.policy.YamlNode.ScalarType;
import io.meshloop.schemas.signal.SignalScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the {@code when} of one policy and checks that each condition makes sense for the policy's
 * loop and target scope (e.g. {@code plaintext} only on security policies, no stable-version
 * baseline for per-instance signals).
 */
final class ConditionReader {

    static final List<String> KINDS =
            List.of(
                    "threshold",
                    "compare",
                    "burnRate",
                    "plaintext",
                    "unexpectedEdge",
                    "all",
                    "any");

    /**
     * What the conditions of one policy are checked against.
     *
     * @param loop null when the policy's loop is itself invalid (scope checks are then skipped)
     * @param scope the signal scope the loop evaluates on the target (null with loop)
     * @param canaryStable a canary policy's {@code action.stableVersion} as written, the default
     *     baseline (null when not a canary or when missing, which the action reports)
     * @param targetVersion the target's version, or null
     */
    record Context(Loop loop, SignalScope scope, String canaryStable, String targetVersion) {}

    private static final Duration MAX_WINDOW = Duration.ofDays(30);

    private final Problems problems;
    private final Context ctx;

    ConditionReader(Problems problems, Context ctx) {
        this.problems = problems;
        this.ctx = ctx;
    }

    /** {@code when}: a list (all must hold) or a single condition mapping; null when invalid. */
    Condition readWhen(YamlNode node, String path) {
        if (node instanceof ListNode l) {
            if (l.items().isEmpty()) {
                problems.add(l.line(), path, "[]", "is an empty list", "at least one condition");
                return null;
            }
            List<Condition> all = readList(l, path);
            return all == null ? null : new Condition.All(all);
        }
        return read(node, path);
    }

    private List<Condition> readList(ListNode l, String path) {
        int before = problems.count();
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < l.items().size(); i++) {
            out.add(read(l.items().get(i), path + "[" + i + "]"));
        }
        return problems.count() == before ? out : null;
    }

    private Condition read(YamlNode node, String path) {
        String expected = "a mapping with one key, one of: " + String.join(", ", KINDS);
        if (!(node instanceof MapNode m) || m.entries().size() != 1) {
            String problem =
                    node instanceof MapNode m
                            ? "has " + m.entries().size() + " keys, not one condition"
                            : "is not a condition";
            problems.add(node.line(), path, node.describe(), problem, expected);
            return null;
        }
        Entry e = m.entries().values().iterator().next();
        String at = path + "." + e.key();
        YamlNode v = e.value();
        return switch (e.key()) {
            case "threshold" -> threshold(v, at);
            case "compare" -> compare(v, at);
            case "burnRate" -> burnRate(v, at);
            case "plaintext" -> plaintext(v, at);
            case "unexpectedEdge" -> unexpectedEdge(v, at);
            case "all", "any" -> combinator(e.key(), v, at);
            default -> {
                problems.add(
                        e.keyLine(),
                        at,
                        e.key(),
                        "is not a condition",
                        Suggest.didYouMean(e.key(), KINDS)
                                + "allowed: "
                                + String.join(", ", KINDS));
                yield null;
            }
        };
    }

    private Condition threshold(YamlNode node, String at) {
        Fields f = Fields.of(problems, at, node, List.of("signal", "op", "value"), "a threshold");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        SignalName signal = f.enumValue("signal", SignalName.class, null, "signal");
        Comparison op = f.enumValue("op", Comparison.class, null, "comparison operator");
        Double value =
                signal != null && signal.kind() == SignalName.Kind.RATIO
                        ? f.number("value", null, 0, 1, "allowed: 0..1 (a fraction: 0.05 = 5%)")
                        : f.number(
                                "value",
                                null,
                                0,
                                Double.MAX_VALUE,
                                "allowed: a number >= 0, in the signal's unit (ms, per second)");
        return f.build(before, () -> new Condition.Threshold(signal, op, value));
    }

    private Condition compare(YamlNode node, String at) {
        List<String> keys =
                List.of("signal", "baseline", "stableVersion", "test", "confidence", "minSamples");
        Fields f = Fields.of(problems, at, node, keys, "a baseline comparison");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        if (ctx.loop() == Loop.SECURITY) {
            f.error("signal", "is compared to a baseline, which security policies do not do", null);
        }
        SignalName signal = f.enumValue("signal", SignalName.class, null, "signal");
        StatTest defaultTest = signal == null ? null : StatTest.defaultFor(signal);
        if (signal != null && defaultTest == null) {
            f.error(
                    "signal",
                    "cannot be compared statistically",
                    "allowed: error_rate, p50_ms, p90_ms, p95_ms, p99_ms, max_ms");
        }
        Baseline baseline = f.enumValue("baseline", Baseline.class, null, "baseline");
        StatTest test =
                f.has("test")
                        ? f.enumValue("test", StatTest.class, null, "statistical test")
                        : defaultTest;
        if (signal != null && defaultTest != null && test != null && !test.accepts(signal)) {
            f.error(
                    "test",
                    "cannot judge " + signal.yamlName(),
                    "allowed for " + signal.yamlName() + ": " + testsFor(signal));
        }
        String stable = stableVersion(f, baseline);
        Double confidence =
                f.number(
                        "confidence",
                        Condition.Compare.DEFAULT_CONFIDENCE,
                        Condition.Compare.MIN_CONFIDENCE,
                        Condition.Compare.MAX_CONFIDENCE);
        Integer minSamples =
                f.integer(
                        "minSamples",
                        (int) Condition.Compare.DEFAULT_MIN_SAMPLES,
                        1,
                        (int) Condition.Compare.MAX_MIN_SAMPLES);
        return f.build(
                before,
                () ->
                        new Condition.Compare(
                                signal, baseline, stable, test, confidence, minSamples));
    }

    private String stableVersion(Fields f, Baseline baseline) {
        String given = f.string("stableVersion", "the stable version, e.g. v1");
        if (baseline == Baseline.PREVIOUS_WINDOW) {
            if (f.has("stableVersion")) {
                f.error(
                        "stableVersion",
                        "only applies to baseline stable-version",
                        "remove it, or use baseline: stable-version");
            }
            return null;
        }
        if (baseline != Baseline.STABLE_VERSION) {
            return given;
        }
        if (ctx.scope() == SignalScope.INSTANCE) {
            f.error(
                    "baseline",
                    "makes no sense for per-instance signals (loop " + ctx.loop().yamlName() + ")",
                    "allowed: previous-window");
            return given;
        }
        String stable = given != null ? given : ctx.canaryStable();
        if (stable == null && ctx.loop() != Loop.CANARY && !f.has("stableVersion")) {
            f.missing(
                    "stableVersion",
                    "baseline stable-version outside a canary policy names the stable version,"
                            + " e.g. v1");
        } else if (stable != null && stable.equals(ctx.targetVersion())) {
            f.error(
                    given != null ? "stableVersion" : "baseline",
                    "compares version " + stable + " with itself",
                    "the stable version must differ from target.version");
        }
        return stable;
    }

    private static String testsFor(SignalName signal) {
        return Arrays.stream(StatTest.values())
                .filter(t -> t.accepts(signal))
                .map(StatTest::yamlName)
                .collect(Collectors.joining(", "));
    }

    private Condition burnRate(YamlNode node, String at) {
        Fields f =
                Fields.of(problems, at, node, List.of("objective", "windows"), "an SLO burn rate");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        if (ctx.scope() == SignalScope.INSTANCE || ctx.loop() == Loop.SECURITY) {
            f.error(
                    "objective",
                    "is an SLO, which loop " + ctx.loop().yamlName() + " does not evaluate",
                    "burn rates apply to service, route and edge targets of the other loops");
        }
        Double objective =
                f.number(
                        "objective",
                        null,
                        Condition.BurnRate.MIN_OBJECTIVE,
                        Condition.BurnRate.MAX_OBJECTIVE,
                        "allowed: 0.5..0.99999, e.g. 0.999 for 99.9%");
        List<YamlNode> items = f.list("windows", "{long, short, factor} window pairs");
        List<BurnWindow> windows = Condition.BurnRate.DEFAULT_WINDOWS;
        if (items != null) {
            if (items.isEmpty()) {
                f.error("windows", "is an empty list", "at least one {long, short, factor}");
            }
            windows = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                windows.add(window(items.get(i), f.path("windows") + "[" + i + "]", objective));
            }
        }
        List<BurnWindow> finalWindows = windows;
        return f.build(before, () -> new Condition.BurnRate(objective, finalWindows));
    }

    private BurnWindow window(YamlNode node, String at, Double objective) {
        Fields f =
                Fields.of(problems, at, node, List.of("long", "short", "factor"), "a window pair");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        Duration longWindow = f.duration("long", null, Duration.ofMinutes(1), MAX_WINDOW);
        Duration shortWindow = f.duration("short", null, Duration.ofSeconds(1), MAX_WINDOW);
        if (longWindow != null && shortWindow != null && shortWindow.compareTo(longWindow) >= 0) {
            f.error(
                    "short",
                    "is not shorter than long (" + Durations.format(longWindow) + ")",
                    "the workbook uses 1/12 of the long window, e.g. 1h and 5m");
        }
        Double factor = f.number("factor", null, 0.001, 1000, "allowed: 0.001..1000, e.g. 14.4");
        if (factor != null && objective != null && factor * (1 - objective) > 1) {
            f.error(
                    "factor",
                    "can never fire: factor × (1 − objective) is above an error rate of 1",
                    "allowed for objective " + objective + ": at most " + (1 / (1 - objective)));
        }
        return f.build(before, () -> new BurnWindow(longWindow, shortWindow, factor));
    }

    private Condition plaintext(YamlNode node, String at) {
        boolean empty =
                (node instanceof Scalar s && s.type() == ScalarType.NULL)
                        || (node instanceof MapNode m && m.entries().isEmpty());
        int before = problems.count();
        if (!empty) {
            problems.add(
                    node.line(), at, node.describe(), "takes no parameters", "write plaintext: {}");
        }
        edgeOnly("plaintext", node.line(), at);
        return problems.count() == before ? new Condition.Plaintext() : null;
    }

    private Condition unexpectedEdge(YamlNode node, String at) {
        Fields f =
                Fields.of(
                        problems,
                        at,
                        node,
                        List.of("learningPeriod", "allowedEdges"),
                        "an unexpected-edge condition");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        edgeOnly("unexpectedEdge", f.line(), at);
        Duration learning =
                f.duration(
                        "learningPeriod",
                        Duration.ZERO,
                        Duration.ofMinutes(1),
                        Duration.ofDays(365));
        List<EdgeSelector> allowed = new ArrayList<>();
        List<YamlNode> items = f.list("allowedEdges", "{caller, callee} pairs");
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                allowed.add(
                        PolicyValidator.edge(
                                problems, items.get(i), f.path("allowedEdges") + "[" + i + "]"));
            }
        }
        if (!f.has("learningPeriod") && (items == null || items.isEmpty())) {
            problems.add(
                    f.line(),
                    at,
                    null,
                    "needs learningPeriod, allowedEdges or both",
                    "e.g. learningPeriod: 24h");
        }
        Duration period = f.has("learningPeriod") ? learning : null;
        return f.build(before, () -> new Condition.UnexpectedEdge(period, allowed));
    }

    private void edgeOnly(String kind, int line, String at) {
        if (ctx.loop() != null && ctx.loop() != Loop.SECURITY) {
            problems.add(
                    line,
                    at,
                    kind,
                    "only applies to loop security (caller→callee edges), not "
                            + ctx.loop().yamlName(),
                    "allowed here: threshold, compare, burnRate, all, any");
        }
    }

    private Condition combinator(String kind, YamlNode node, String at) {
        if (!(node instanceof ListNode l) || l.items().isEmpty()) {
            problems.add(
                    node.line(),
                    at,
                    node.describe(),
                    "is not a non-empty list",
                    "a list of conditions");
            return null;
        }
        List<Condition> items = readList(l, at);
        if (items == null) {
            return null;
        }
        return kind.equals("all") ? new Condition.All(items) : new Condition.Any(items);
    }
}
