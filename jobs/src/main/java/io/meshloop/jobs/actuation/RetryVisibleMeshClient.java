package io.meshloop.jobs.actuation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshloop.actuators.IstioMeshClient;
import io.meshloop.actuators.IstioSettings;
import io.meshloop.actuators.MeshClient;
import io.meshloop.actuators.MeshState;
import io.meshloop.actuators.ObjectStore;
import io.meshloop.actuators.RetryPolicy;
import io.meshloop.actuators.RetryableMeshException;
import io.meshloop.actuators.Sleeper;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionTarget;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shipped Istio/GitOps client, made to say when it gave up on a <em>transient</em> problem.
 *
 * <p>{@link IstioMeshClient#apply} never throws: transient errors that outlast its retries become a
 * {@code FAILED} result, indistinguishable by type from a permanent failure (403, missing CRD). The
 * actuation operator must tell them apart (queue and retry the first, report the second), so this
 * decorator watches the object store: when an apply ends {@code FAILED} and the last store call
 * threw a {@link RetryableMeshException}, it rethrows that exception instead of returning the
 * result. Everything else passes through unchanged.
 *
 * <p>Not thread-safe, like the client it wraps: one per subtask, one apply at a time.
 */
final class RetryVisibleMeshClient implements MeshClient {

    private final MeshClient client;
    private final RecordingStore store;

    RetryVisibleMeshClient(MeshClient client, RecordingStore store) {
        this.client = client;
        this.store = store;
    }

    /** An {@link IstioMeshClient} on {@code store}, which this class watches. */
    static RetryVisibleMeshClient of(
            Mesh mesh, ObjectStore store, IstioSettings settings, RetryPolicy retry, Clock clock) {
        RecordingStore recording = new RecordingStore(store);
        return new RetryVisibleMeshClient(
                new IstioMeshClient(
                        mesh,
                        recording,
                        settings,
                        retry,
                        clock,
                        Sleeper.system(),
                        () -> ThreadLocalRandom.current().nextDouble()),
                recording);
    }

    @Override
    public Mesh mesh() {
        return client.mesh();
    }

    @Override
    public MeshState read(DecisionTarget target) {
        return client.read(target);
    }

    /**
     * @throws RetryableMeshException when the last attempt failed on a transient error
     */
    @Override
    public ActuationResult apply(Decision decision) {
        store.lastFailure = null;
        ActuationResult r = client.apply(decision);
        if (r.outcome() == Outcome.FAILED
                && store.lastFailure instanceof RetryableMeshException retryable) {
            throw new RetryableMeshException(r.reason(), retryable.status(), retryable);
        }
        return r;
    }

    /** Remembers the exception of the most recent failed call. */
    static final class RecordingStore implements ObjectStore {
        private final ObjectStore delegate;
        private RuntimeException lastFailure;

        RecordingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
            try {
                return delegate.get(type, namespace, name);
            } catch (RuntimeException e) {
                lastFailure = e;
                throw e;
            }
        }

        @Override
        public <T extends HasMetadata> T create(T object) {
            try {
                return delegate.create(object);
            } catch (RuntimeException e) {
                lastFailure = e;
                throw e;
            }
        }

        @Override
        public <T extends HasMetadata> T update(T object) {
            try {
                return delegate.update(object);
            } catch (RuntimeException e) {
                lastFailure = e;
                throw e;
            }
        }
    }
}
