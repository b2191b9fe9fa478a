package io.meshloop.actuators.consul;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshloop.actuators.ApplyLoop;
import io.meshloop.actuators.MeshClient;
import io.meshloop.actuators.MeshState;
import io.meshloop.actuators.RetryPolicy;
import io.meshloop.actuators.Sleeper;
import io.meshloop.actuators.consul.ConsulEntries.Plan;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Change;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.TouchedObject;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionTarget;
import java.time.Clock;
import java.util.List;
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
    private final ApplyLoop loop;

    public ConsulMeshClient(
            ConsulConfigApi api,
            ConsulSettings settings,
            RetryPolicy retry,
            Clock clock,
            Sleeper sleeper,
            DoubleSupplier random) {
        this.api = api;
        this.entries = new ConsulEntries(settings);
        this.loop = new ApplyLoop(Mesh.CONSUL, retry, clock, sleeper, random);
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
                t.caller() == null || t.caller().isBlank()
                        ? null
                        : api.get("service-defaults", t.caller()),
                s,
                api.get("service-intentions", s));
    }

    @Override
    public ActuationResult apply(Decision d) {
        return loop.apply(
                d, entries::plans, this::reconcile, (list, attempt) -> describe(d, list, attempt));
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

    private static TouchedObject touched(Plan plan, Change change, ObjectNode stored) {
        String index =
                stored == null || !stored.has("ModifyIndex")
                        ? null
                        : stored.path("ModifyIndex").asText();
        return new TouchedObject(plan.kind(), null, plan.name(), change, index);
    }

    private String describe(Decision d, List<TouchedObject> list, int attempt) {
        String listing = ApplyLoop.listing(list, false);
        StringBuilder b = new StringBuilder(listing.isEmpty() ? "nothing to write" : listing);
        b.append(ApplyLoop.attemptSuffix(attempt));
        for (String l : entries.notes(d)) {
            b.append("; ").append(l);
        }
        return b.toString();
    }
}
