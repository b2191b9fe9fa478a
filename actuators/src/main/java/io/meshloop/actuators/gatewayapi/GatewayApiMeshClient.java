package io.meshloop.actuators.gatewayapi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.meshloop.actuators.IstioObjects;
import io.meshloop.actuators.IstioObjects.Plan;
import io.meshloop.actuators.Manifests;
import io.meshloop.actuators.MeshClient;
import io.meshloop.actuators.MeshState;
import io.meshloop.actuators.ObjectStore;
import io.meshloop.actuators.PermanentMeshException;
import io.meshloop.actuators.RetryPolicy;
import io.meshloop.actuators.RetryableMeshException;
import io.meshloop.actuators.Sleeper;
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
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

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
        this.retry = retry;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
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
        if (d.mode() != DecisionMode.ENFORCE) {
            return result(
                    d, Outcome.SKIPPED_DRY_RUN, List.of(), "mode " + d.mode() + ": never written");
        }
        List<Plan<?>> plans;
        try {
            plans = objects.plans(d);
        } catch (PermanentMeshException e) {
            return result(d, e.outcome(), List.of(), e.getMessage());
        }
        if (plans.isEmpty()) {
            return result(d, Outcome.NOOP, List.of(), d.action() + " writes nothing to the mesh");
        }
        List<String> lossy = objects.lossyParts(d);
        Map<String, TouchedObject> touched = new LinkedHashMap<>();
        RetryableMeshException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                for (Plan<?> plan : plans) {
                    merge(touched, reconcile(plan));
                }
                List<TouchedObject> list = new ArrayList<>(touched.values());
                return result(
                        d, ActuationResult.outcomeOf(list), list, describe(list, attempt, lossy));
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

    private static TouchedObject touched(Plan<?> plan, Change change, HasMetadata stored) {
        String rv = stored == null ? null : stored.getMetadata().getResourceVersion();
        return new TouchedObject(plan.kind(), plan.namespace(), plan.name(), change, rv);
    }

    private static String describe(List<TouchedObject> list, int attempt, List<String> lossy) {
        StringBuilder b = new StringBuilder();
        for (TouchedObject o : list) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(o.kind()).append(' ').append(o.namespace()).append('/').append(o.name());
            b.append(' ').append(o.change());
        }
        if (attempt > 1) {
            b.append(" (attempt ").append(attempt).append(')');
        }
        for (String l : lossy) {
            b.append("; ").append(l);
        }
        return b.toString();
    }

    private ActuationResult result(
            Decision d, Outcome outcome, List<TouchedObject> touched, String reason) {
        return new ActuationResult(
                d.id(), clock.millis(), Mesh.GATEWAY_API, outcome, touched, reason);
    }
}
