package io.meshloop.actuators;

import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.istio.api.security.v1.PeerAuthentication;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshloop.actuators.IstioObjects.Plan;
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
 * Reconciles decisions into Istio objects held in an {@link ObjectStore}: the Kubernetes API
 * ({@link MeshClients#istio}) or a GitOps directory ({@link MeshClients#gitOps}).
 *
 * <p>One attempt reads each object the decision touches, builds the desired one with {@link
 * IstioObjects}, and creates it, updates it (conditional on the resourceVersion read) or leaves it
 * alone when nothing meshloop manages differs. A {@link RetryableMeshException} (conflict, timeout,
 * 5xx, 429) starts a new attempt from the read, after a backoff from the {@link RetryPolicy}; a
 * {@link PermanentMeshException} ends the actuation as REJECTED or FAILED. Not thread-safe per
 * target: run one actuation per target at a time (key the stream by target). The loop itself is
 * {@link ApplyLoop}, shared with the other mesh adapters.
 */
public final class IstioMeshClient implements MeshClient {

    private final Mesh mesh;
    private final ObjectStore store;
    private final IstioObjects objects;
    private final IstioState state;
    private final ApplyLoop loop;

    public IstioMeshClient(
            Mesh mesh,
            ObjectStore store,
            IstioSettings settings,
            RetryPolicy retry,
            Clock clock,
            Sleeper sleeper,
            DoubleSupplier random) {
        this.mesh = mesh;
        this.store = store;
        this.objects = new IstioObjects(settings);
        this.state = new IstioState(settings);
        this.loop = new ApplyLoop(mesh, retry, clock, sleeper, random);
    }

    @Override
    public Mesh mesh() {
        return mesh;
    }

    @Override
    public MeshState read(DecisionTarget t) {
        String ns = IstioObjects.namespace(t);
        String svc = t.service();
        return state.of(
                t,
                store.get(VirtualService.class, ns, svc),
                store.get(DestinationRule.class, ns, svc),
                store.get(AuthorizationPolicy.class, ns, IstioObjects.denyPolicyName(svc)),
                store.get(PeerAuthentication.class, ns, IstioObjects.mtlsPolicyName(svc)));
    }

    @Override
    public ActuationResult apply(Decision d) {
        return loop.apply(d, objects::plans, this::reconcile, IstioMeshClient::describe);
    }

    private <T extends HasMetadata> TouchedObject reconcile(Plan<T> plan) {
        T live = store.get(plan.type(), plan.namespace(), plan.name());
        T desired = plan.desired().apply(live);
        if (desired == null) {
            return null;
        }
        if (live == null) {
            T created = store.create(desired);
            return touched(plan, Change.CREATED, created);
        }
        if (Manifests.content(desired).equals(Manifests.content(live))) {
            return touched(plan, Change.NOOP, live);
        }
        desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        T updated = store.update(desired);
        return touched(plan, Change.PATCHED, updated);
    }

    private static TouchedObject touched(Plan<?> plan, Change change, HasMetadata stored) {
        String rv = stored == null ? null : stored.getMetadata().getResourceVersion();
        return new TouchedObject(plan.kind(), plan.namespace(), plan.name(), change, rv);
    }

    private static String describe(List<TouchedObject> list, int attempt) {
        if (list.isEmpty()) {
            return "nothing to write";
        }
        return ApplyLoop.listing(list, true) + ApplyLoop.attemptSuffix(attempt);
    }
}
