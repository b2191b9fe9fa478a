package io.meshloop.actuators.consul;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshloop.actuators.MeshClient;
import io.meshloop.actuators.MeshState;
import io.meshloop.actuators.PermanentMeshException;
import io.meshloop.actuators.RetryPolicy;
import io.meshloop.actuators.RetryableMeshException;
import io.meshloop.actuators.Sleeper;
import io.meshloop.actuators.consul.ConsulEntries.Plan;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Change;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.actuation.TouchedObject;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DecisionTarget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Reconciles decisions into Consul config entries through {@link ConsulConfigApi}: for each entry a
 * decision touches, read it (with its {@code ModifyIndex}), build the desired entry from the
 * decision and the live one ({@link ConsulEntries}), compare (without Consul's index fields) and
 * write only a difference, with {@code ?cas=<ModifyIndex>} ({@code cas=0} to create). Consul's
 * {@code false} (a concurrent writer won), no answer, 5xx and 429 retry the whole attempt with the
 * {@link RetryPolicy}'s backoff; what is left is REJECTED or FAILED. A touched entry's
 * resourceVersion is its {@code ModifyIndex} after the actuation, read back after a write. Consul
 * namespaces and partitions (Enterprise) are not used: the target's namespace is ignored.
 */
public final class ConsulMeshClient implements MeshClient {

    private final ConsulConfigApi api;
    private final ConsulEntries entries;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public ConsulMeshClient(
            ConsulConfigApi api,
            ConsulSettings settings,
            RetryPolicy retry,
            Clock clock,
            Sleeper sleeper,
            DoubleSupplier random) {
        this.api = api;
        this.entries = new ConsulEntries(settings);
        this.retry = retry;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    @Override
    public Mesh mesh() {
        return Mesh.CONSUL;
    }

    @Override
    public MeshState read(DecisionTarget t) {
        String s = t.service();
        return ConsulState.of(
                api.get("service-resolver", s),
                api.get("service-splitter", s),
                api.get("service-router", s),
                api.get("service-defaults", s),
                api.get("service-intentions", s));
    }

    @Override
    public ActuationResult apply(Decision d) {
        if (d.mode() != DecisionMode.ENFORCE) {
            return result(
                    d, Outcome.SKIPPED_DRY_RUN, List.of(), "mode " + d.mode() + ": never written");
        }
        List<Plan> plans;
        try {
            plans = entries.plans(d);
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
                for (Plan plan : plans) {
                    TouchedObject o = reconcile(plan);
                    if (o != null) {
                        merge(touched, o);
                    }
                }
                List<TouchedObject> list = new ArrayList<>(touched.values());
                return result(d, ActuationResult.outcomeOf(list), list, describe(d, list, attempt));
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

    private TouchedObject reconcile(Plan plan) {
        ObjectNode live = api.get(plan.kind(), plan.name());
        ObjectNode desired = plan.desired().apply(live == null ? null : live.deepCopy());
        if (desired == null) {
            return null;
        }
        if (live != null && content(desired).equals(content(live))) {
            return touched(plan, Change.NOOP, live);
        }
        api.write(desired, live == null ? 0 : live.path("ModifyIndex").asLong());
        ObjectNode stored = api.get(plan.kind(), plan.name());
        return touched(plan, live == null ? Change.CREATED : Change.PATCHED, stored);
    }

    private static ObjectNode content(ObjectNode entry) {
        ObjectNode c = entry.deepCopy();
        c.remove(ConsulEntries.SERVER_FIELDS);
        return c;
    }

    private static void merge(Map<String, TouchedObject> touched, TouchedObject o) {
        String key = o.kind() + '/' + o.name();
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

    private static TouchedObject touched(Plan plan, Change change, ObjectNode stored) {
        String index =
                stored == null || !stored.has("ModifyIndex")
                        ? null
                        : stored.path("ModifyIndex").asText();
        return new TouchedObject(plan.kind(), null, plan.name(), change, index);
    }

    private String describe(Decision d, List<TouchedObject> list, int attempt) {
        StringBuilder b = new StringBuilder();
        for (TouchedObject o : list) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(o.kind()).append(' ').append(o.name()).append(' ').append(o.change());
        }
        if (b.length() == 0) {
            b.append("nothing to write");
        }
        if (attempt > 1) {
            b.append(" (attempt ").append(attempt).append(')');
        }
        for (String l : entries.lossyParts(d)) {
            b.append("; ").append(l);
        }
        return b.toString();
    }

    private ActuationResult result(
            Decision d, Outcome outcome, List<TouchedObject> touched, String reason) {
        return new ActuationResult(d.id(), clock.millis(), Mesh.CONSUL, outcome, touched, reason);
    }
}
