package io.meshloop.operators.decision.engine;

import io.meshloop.operators.decision.stats.ErrorRateJudge;
import io.meshloop.operators.decision.stats.ErrorRateJudgeConfig;
import io.meshloop.operators.decision.stats.Judgement;
import io.meshloop.operators.decision.stats.Verdict;
import io.meshloop.schemas.decision.Evidence;
import io.meshloop.schemas.policy.Condition;
import io.meshloop.schemas.policy.SignalName;
import io.meshloop.schemas.signal.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a policy's {@code when} conditions for one version of a service in one window. The
 * verdict reads as the answer to "should the policy act?": {@code FAIL} = the condition holds (the
 * subject looks bad), {@code PASS} = it does not, {@code NOT_ENOUGH_DATA} = it cannot be told (too
 * few requests, or a condition that needs data the signals do not carry yet).
 *
 * <p>Baseline comparisons of latency use the window quantiles the signals carry: the subject fails
 * when its quantile exceeds the baseline's by more than {@link #LATENCY_MARGIN} plus twice the
 * sketches' 1% relative accuracy. A rank test needs raw samples or sketches, which the signal
 * records do not carry; a {@code mann-whitney} condition is judged the same way and says so in its
 * evidence.
 */
final class ConditionEvaluator {

    /** A latency quantile must be this much worse (relative) than the baseline's to fail. */
    static final double LATENCY_MARGIN = 0.10;

    private static final double SKETCH_ACCURACY = 0.01;

    record Outcome(Verdict verdict, List<Evidence> evidence) {}

    private ConditionEvaluator() {}

    /**
     * @param frame the service's signals in the window
     * @param subject the version judged
     * @param stable the baseline version for {@code stable-version} comparisons (may be null)
     */
    static Outcome evaluate(Condition c, ServiceFrame frame, String subject, String stable) {
        List<Evidence> evidence = new ArrayList<>();
        Verdict v = eval(c, frame, frame.version(subject), subject, stable, evidence);
        return new Outcome(v, evidence);
    }

    /**
     * Evaluates against one given signal (an instance's, say) named {@code subject} in the
     * evidence. Baseline comparisons need a service frame and are not enough data here.
     */
    static Outcome evaluateOn(Condition c, Signal signal, String subject) {
        List<Evidence> evidence = new ArrayList<>();
        Verdict v = eval(c, null, signal, subject, null, evidence);
        return new Outcome(v, evidence);
    }

    /** {@code f} is null when there is no frame to compare against (see {@link #evaluateOn}). */
    private static Verdict eval(
            Condition c,
            ServiceFrame f,
            Signal signal,
            String subject,
            String stable,
            List<Evidence> ev) {
        if (c instanceof Condition.Any any) {
            boolean notEnough = false;
            for (Condition inner : any.conditions()) {
                Verdict v = eval(inner, f, signal, subject, stable, ev);
                if (v == Verdict.FAIL) {
                    return Verdict.FAIL;
                }
                notEnough |= v == Verdict.NOT_ENOUGH_DATA;
            }
            return notEnough ? Verdict.NOT_ENOUGH_DATA : Verdict.PASS;
        }
        if (c instanceof Condition.All all) {
            boolean notEnough = false;
            for (Condition inner : all.conditions()) {
                Verdict v = eval(inner, f, signal, subject, stable, ev);
                if (v == Verdict.PASS) {
                    return Verdict.PASS;
                }
                notEnough |= v == Verdict.NOT_ENOUGH_DATA;
            }
            return notEnough ? Verdict.NOT_ENOUGH_DATA : Verdict.FAIL;
        }
        if (c instanceof Condition.Threshold t) {
            return threshold(t, signal, subject, ev);
        }
        if (c instanceof Condition.Compare cmp && f != null) {
            return compare(cmp, f, subject, stable, ev);
        }
        ev.add(
                Evidence.note(
                        "condition.unsupported",
                        c.getClass().getSimpleName()
                                + " is not evaluated by this engine version: not enough data"));
        return Verdict.NOT_ENOUGH_DATA;
    }

    private static Verdict threshold(
            Condition.Threshold t, Signal s, String subject, List<Evidence> ev) {
        String name = subject + "." + t.signal().yamlName();
        if (s == null) {
            ev.add(Evidence.note(name, "no requests in the window"));
            return Verdict.NOT_ENOUGH_DATA;
        }
        double value = SignalValues.value(s, t.signal());
        if (Double.isNaN(value)) {
            ev.add(Evidence.note(name, "not measured in the window"));
            return Verdict.NOT_ENOUGH_DATA;
        }
        boolean holds = t.op().test(value, t.value());
        ev.add(
                Evidence.of(
                        name,
                        value,
                        t.value(),
                        SignalValues.unit(t.signal()),
                        (holds ? "" : "not ")
                                + t.op().yamlName()
                                + " threshold, window "
                                + window(s)));
        return holds ? Verdict.FAIL : Verdict.PASS;
    }

    private static Verdict compare(
            Condition.Compare cmp,
            ServiceFrame f,
            String subject,
            String stable,
            List<Evidence> ev) {
        if (cmp.baseline() != Condition.Baseline.STABLE_VERSION) {
            ev.add(
                    Evidence.note(
                            "compare." + cmp.signal().yamlName(),
                            "baseline "
                                    + cmp.baseline()
                                    + " is not evaluated by this engine version"));
            return Verdict.NOT_ENOUGH_DATA;
        }
        String baseline = cmp.stableVersion() != null ? cmp.stableVersion() : stable;
        if (baseline == null || baseline.equals(subject)) {
            return Verdict.PASS;
        }
        Signal canary = f.version(subject);
        Signal base = f.version(baseline);
        if (canary == null || base == null) {
            ev.add(
                    Evidence.note(
                            "compare." + cmp.signal().yamlName(),
                            (canary == null ? subject : baseline)
                                    + " had no requests in the window"));
            return Verdict.NOT_ENOUGH_DATA;
        }
        if (cmp.signal() == SignalName.ERROR_RATE) {
            ErrorRateJudgeConfig cfg =
                    ErrorRateJudgeConfig.ofDefaults()
                            .withConfidence(cmp.confidence())
                            .withMinRequestsPerArm(cmp.minSamples())
                            .withExactBelowRequests(
                                    cmp.test() == Condition.StatTest.FISHER ? Long.MAX_VALUE : 0);
            Judgement j =
                    new ErrorRateJudge(cfg)
                            .judge(
                                    canary.requests(),
                                    canary.errors(),
                                    base.requests(),
                                    base.errors());
            ev.addAll(j.evidence());
            ev.add(
                    Evidence.note(
                            "judge",
                            j.method() + ": " + j.reason() + ", window " + window(canary)));
            return j.verdict();
        }
        return quantileCompare(cmp, canary, base, subject, baseline, ev);
    }

    private static Verdict quantileCompare(
            Condition.Compare cmp,
            Signal canary,
            Signal base,
            String subject,
            String baseline,
            List<Evidence> ev) {
        String name = "compare." + cmp.signal().yamlName();
        if (canary.requests() < cmp.minSamples() || base.requests() < cmp.minSamples()) {
            ev.add(
                    Evidence.of(
                            name + ".samples",
                            Math.min(canary.requests(), base.requests()),
                            cmp.minSamples(),
                            "requests",
                            "fewer requests than minSamples: not enough data"));
            return Verdict.NOT_ENOUGH_DATA;
        }
        double c = SignalValues.value(canary, cmp.signal());
        double b = SignalValues.value(base, cmp.signal());
        if (Double.isNaN(c) || Double.isNaN(b)) {
            ev.add(Evidence.note(name, "not measured in the window"));
            return Verdict.NOT_ENOUGH_DATA;
        }
        double bound = b * (1 + LATENCY_MARGIN) * (1 + SKETCH_ACCURACY) / (1 - SKETCH_ACCURACY);
        boolean worse = c > bound;
        ev.add(
                Evidence.of(
                        subject + "." + cmp.signal().yamlName(),
                        c,
                        bound,
                        SignalValues.unit(cmp.signal()),
                        baseline
                                + " "
                                + b
                                + " + "
                                + Math.round(LATENCY_MARGIN * 100)
                                + "% margin + 2x sketch accuracy"
                                + (cmp.test() == Condition.StatTest.MANN_WHITNEY
                                        ? "; rank test needs samples, quantile comparison used"
                                        : "")
                                + ", window "
                                + window(canary)));
        return worse ? Verdict.FAIL : Verdict.PASS;
    }

    private static String window(Signal s) {
        return "[" + s.windowStart() + ", " + s.windowEnd() + ")";
    }
}
