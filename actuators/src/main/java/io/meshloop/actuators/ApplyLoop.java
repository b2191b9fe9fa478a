package io.meshloop.actuators;

import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Change;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.actuation.TouchedObject;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The apply-with-retry loop every {@link MeshClient} shares; the mesh adapter supplies only how to
 * plan a decision and how to reconcile one planned object.
 *
 * <p>Non-{@code ENFORCE} decisions are SKIPPED_DRY_RUN; a decision with no plans is NOOP. An
 * attempt reconciles every plan in order; a {@link RetryableMeshException} (conflict, timeout, 5xx,
 * 429) starts a new attempt from the read after the {@link RetryPolicy}'s backoff, and a {@link
 * PermanentMeshException} ends the actuation as REJECTED or FAILED. Objects written by an earlier
 * attempt keep their change when a later attempt finds them already up to date.
 */
public final class ApplyLoop {

    /** Describes a successful attempt's touched objects for the result's reason. */
    @FunctionalInterface
    public interface Describer {
        /**
         * @param touched the objects touched across all attempts, in first-touched order
         * @param attempt the 1-based attempt that succeeded
         */
        String describe(List<TouchedObject> touched, int attempt);
    }

    private final Mesh mesh;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public ApplyLoop(
            Mesh mesh, RetryPolicy retry, Clock clock, Sleeper sleeper, DoubleSupplier random) {
        this.mesh = mesh;
        this.retry = retry;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /**
     * Reconciles the mesh to {@code d}.
     *
     * @param planner the objects the decision touches, in write order; throws {@link
     *     PermanentMeshException} for a decision the mesh cannot express
     * @param reconcile reads, compares and writes one planned object; returns null when there is
     *     nothing to write for it
     * @param describe the reason of a successful result
     */
    public <P> ActuationResult apply(
            Decision d,
            Function<Decision, List<P>> planner,
            Function<P, TouchedObject> reconcile,
            Describer describe) {
        if (d.mode() != DecisionMode.ENFORCE) {
            return result(
                    d, Outcome.SKIPPED_DRY_RUN, List.of(), "mode " + d.mode() + ": never written");
        }
        List<P> plans;
        try {
            plans = planner.apply(d);
        } catch (PermanentMeshException e) {
            return result(d, e.outcome(), List.of(), e.getMessage());
        }
        if (plans.isEmpty()) {
            return result(d, Outcome.NOOP, List.of(), d.action() + " writes nothing to the mesh");
        }
        Map<String, TouchedObject> touched = new LinkedHashMap<>();
        RetryableMeshException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                for (P plan : plans) {
                    TouchedObject o = reconcile.apply(plan);
                    if (o != null) {
                        merge(touched, o);
                    }
                }
                List<TouchedObject> list = new ArrayList<>(touched.values());
                return result(
                        d, ActuationResult.outcomeOf(list), list, describe.describe(list, attempt));
            } catch (PermanentMeshException e) {
                return result(d, e.outcome(), new ArrayList<>(touched.values()), e.getMessage());
            } catch (RetryableMeshException e) {
                last = e;
                if (attempt < retry.maxAttempts()) {
                    try {
                        sleeper.sleep(retry.backoff(attempt, random.getAsDouble()));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return result(
                                d,
                                Outcome.FAILED,
                                new ArrayList<>(touched.values()),
                                "interrupted while backing off: " + e.getMessage());
                    }
                }
            }
        }
        return result(
                d,
                Outcome.FAILED,
                new ArrayList<>(touched.values()),
                "gave up after " + retry.maxAttempts() + " attempts: " + last.getMessage());
    }

    /**
     * {@code kind ns/name CHANGE; ...} (or {@code kind name CHANGE} without namespaces), empty for
     * no objects.
     */
    public static String listing(List<TouchedObject> touched, boolean withNamespace) {
        StringBuilder b = new StringBuilder();
        for (TouchedObject o : touched) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(o.kind()).append(' ');
            if (withNamespace) {
                b.append(o.namespace()).append('/');
            }
            b.append(o.name()).append(' ').append(o.change());
        }
        return b.toString();
    }

    /** {@code " (attempt n)"} after a retry, empty for the first attempt. */
    public static String attemptSuffix(int attempt) {
        return attempt > 1 ? " (attempt " + attempt + ")" : "";
    }

    /** A later attempt that finds an object already written keeps the earlier attempt's change. */
    private static void merge(Map<String, TouchedObject> touched, TouchedObject o) {
        String key = o.kind() + '/' + o.namespace() + '/' + o.name();
        TouchedObject before = touched.get(key);
        if (before != null && o.change() == Change.NOOP && before.change() != Change.NOOP) {
            o =
                    new TouchedObject(
                            o.kind(),
                            o.namespace(),
                            o.name(),
                            before.change(),
                            o.resourceVersion());
        }
        touched.put(key, o);
    }

    private ActuationResult result(
            Decision d, Outcome outcome, List<TouchedObject> touched, String reason) {
        return new ActuationResult(d.id(), clock.millis(), mesh, outcome, touched, reason);
    }
}
