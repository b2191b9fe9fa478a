package io.meshloop.actuators.gatewayapi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.meshloop.actuators.ApplyLoop;
import io.meshloop.actuators.IstioObjects;
import io.meshloop.actuators.IstioObjects.Plan;
import io.meshloop.actuators.Manifests;
import io.meshloop.actuators.MeshClient;
import io.meshloop.actuators.MeshState;
import io.meshloop.actuators.ObjectStore;
import io.meshloop.actuators.RetryPolicy;
import io.meshloop.actuators.RetryableMeshException;
import io.meshloop.actuators.Sleeper;
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
 * Reconciles decisions into Gateway API HTTPRoutes (and Linkerd annotations on Services) held in an
 * {@link ObjectStore}, with the same rules as the Istio actuator: desired built from the decision
 * and the live object ({@link GatewayApiObjects}), written only on a real difference, PUT
 * conditional on the resourceVersion read, the whole attempt retried with backoff on a {@link
 * RetryableMeshException} (409 conflict, 5xx, 429, no answer). Not thread-safe per target.
 */
public final class GatewayApiMeshClient implements MeshClient {

    private final ObjectStore store;
    private final GatewayApiObjects objects;
    private final GatewayApiState state;
    private final ApplyLoop loop;

    public GatewayApiMeshClient(
            ObjectStore store,
            GatewayApiSettings settings,
            RetryPolicy retry,
            Clock clock,
            Sleeper sleeper,
            DoubleSupplier random) {
        this.store = store;
        this.objects = new GatewayApiObjects(settings);
        this.state = new GatewayApiState(settings);
        this.loop = new ApplyLoop(Mesh.GATEWAY_API, retry, clock, sleeper, random);
    }

    @Override
    public Mesh mesh() {
        return Mesh.GATEWAY_API;
    }

    @Override
    public MeshState read(DecisionTarget t) {
        String ns = IstioObjects.namespace(t);
        return state.of(
                t,
                store.get(HTTPRoute.class, ns, t.service()),
                store.get(Service.class, ns, t.service()));
    }

    @Override
    public ActuationResult apply(Decision d) {
        return loop.apply(
                d,
                objects::plans,
                this::reconcile,
                (list, attempt) -> describe(list, attempt, objects.lossyParts(d)));
    }

    private <T extends HasMetadata> TouchedObject reconcile(Plan<T> plan) {
        T live = store.get(plan.type(), plan.namespace(), plan.name());
        T desired = plan.desired().apply(live);
        if (live == null) {
            return touched(plan, Change.CREATED, store.create(desired));
        }
        if (Manifests.content(desired).equals(Manifests.content(live))) {
            return touched(plan, Change.NOOP, live);
        }
        desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        return touched(plan, Change.PATCHED, store.update(desired));
    }

    private static TouchedObject touched(Plan<?> plan, Change change, HasMetadata stored) {
        String rv = stored == null ? null : stored.getMetadata().getResourceVersion();
        return new TouchedObject(plan.kind(), plan.namespace(), plan.name(), change, rv);
    }

    private static String describe(List<TouchedObject> list, int attempt, List<String> lossy) {
        StringBuilder b = new StringBuilder(ApplyLoop.listing(list, true));
        b.append(ApplyLoop.attemptSuffix(attempt));
        for (String l : lossy) {
            b.append("; ").append(l);
        }
        return b.toString();
    }
}
