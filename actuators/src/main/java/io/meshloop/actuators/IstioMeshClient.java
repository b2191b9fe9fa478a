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
 * Reconciles decisions into Istio objects held in an {@link ObjectStore}: the Kubernetes API
 * ({@link MeshClients#istio}) or a GitOps directory ({@link MeshClients#gitOps}).
 *
 * <p>One attempt reads each object the decision touches, builds the desired one with {@link
 * IstioObjects}, and creates it, updates it (conditional on the resourceVersion read) or leaves it
 * alone when nothing meshloop manages differs. A {@link RetryableMeshException} (conflict, timeout,
 * 5xx, 429) starts a new attempt from the read, after a backoff from the {@link RetryPolicy}; a
 * {@link PermanentMeshException} ends the actuation as REJECTED or FAILED. Not thread-safe per
 * target: run one actuation per target at a time (key the stream by target).
 */
public final class IstioMeshClient implements MeshClient {

    private final Mesh mesh;
    private final ObjectStore store;
    private final IstioObjects objects;
    private final IstioState state;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

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
        this.retry = retry;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
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
        Map<String, TouchedObject> touched = new LinkedHashMap<>();
        RetryableMeshException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                for (Plan<?> plan : plans) {
                    TouchedObject o = reconcile(plan);
                    if (o != null) {
                        merge(touched, o);
                    }
                }
                List<TouchedObject> list = new ArrayList<>(touched.values());
                return result(d, ActuationResult.outcomeOf(list), list, describe(list, attempt));
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

    private static String describe(List<TouchedObject> list, int attempt) {
        if (list.isEmpty()) {
            return "nothing to write";
        }
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
        return b.toString();
    }

    private ActuationResult result(
            Decision d, Outcome outcome, List<TouchedObject> touched, String reason) {
        return new ActuationResult(d.id(), clock.millis(), mesh, outcome, touched, reason);
    }
}
