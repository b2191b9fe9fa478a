package io.meshloop.jobs.actuation;

import io.meshloop.actuators.MeshClient;
import io.meshloop.actuators.MeshState;
import io.meshloop.actuators.PermanentMeshException;
import io.meshloop.actuators.RetryableMeshException;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Change;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.actuation.TouchedObject;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written mesh: desired state per target and action, applied as the real clients do (only a
 * difference is written), and told to be unavailable for the next N applies or to refuse a given
 * decision permanently. Every write is recorded, in order.
 */
final class TestingMeshClient implements MeshClient {

    private final Map<String, DesiredState> mesh = new HashMap<>();
    private final List<String> writes = new ArrayList<>();
    private final List<String> forbidden = new ArrayList<>();
    private int unavailableFor;
    private int attempts;

    /** The next {@code n} applies throw {@link RetryableMeshException} (as after its retries). */
    TestingMeshClient unavailableFor(int n) {
        this.unavailableFor = n;
        return this;
    }

    /** Applying decision {@code id} throws a 403-like {@link PermanentMeshException}. */
    TestingMeshClient forbid(String id) {
        forbidden.add(id);
        return this;
    }

    /** Ids of the decisions that changed the mesh, in the order they did. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    /** Applies tried, including the ones that found the mesh unavailable. */
    int attempts() {
        return attempts;
    }

    DesiredState state(DecisionTarget target, String action) {
        return mesh.get(target.asString() + '|' + action);
    }

    @Override
    public Mesh mesh() {
        return Mesh.GITOPS;
    }

    @Override
    public MeshState read(DecisionTarget target) {
        throw new UnsupportedOperationException("not used by the actuation stage");
    }

    @Override
    public ActuationResult apply(Decision d) {
        attempts++;
        if (d.mode() != DecisionMode.ENFORCE) {
            return result(d, Outcome.SKIPPED_DRY_RUN, List.of(), "mode " + d.mode());
        }
        if (unavailableFor > 0) {
            unavailableFor--;
            throw new RetryableMeshException("503 from the testing mesh", 503, null);
        }
        if (forbidden.contains(d.id())) {
            throw new PermanentMeshException(Outcome.FAILED, 403, "forbidden: " + d.id(), null);
        }
        String key = d.target().asString() + '|' + d.action();
        boolean same = d.desired().equals(mesh.get(key));
        Change change =
                same ? Change.NOOP : mesh.containsKey(key) ? Change.PATCHED : Change.CREATED;
        if (!same) {
            mesh.put(key, d.desired());
            writes.add(d.id());
        }
        return result(
                d,
                same ? Outcome.NOOP : Outcome.APPLIED,
                List.of(
                        new TouchedObject(
                                "VirtualService", "default", d.target().service(), change, null)),
                change.name());
    }

    private static ActuationResult result(
            Decision d, Outcome outcome, List<TouchedObject> objects, String reason) {
        return new ActuationResult(d.id(), 0L, Mesh.GITOPS, outcome, objects, reason);
    }
}
