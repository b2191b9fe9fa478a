package io.meshloop.jobs.actuation;

import static io.meshloop.jobs.actuation.TestDecisions.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshloop.actuators.GitOpsObjectStore;
import io.meshloop.actuators.IstioSettings;
import io.meshloop.actuators.ObjectStore;
import io.meshloop.actuators.PermanentMeshException;
import io.meshloop.actuators.RetryPolicy;
import io.meshloop.actuators.RetryableMeshException;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped client reports transient errors that outlast its retries as FAILED; the decorator
 * turns exactly those back into {@link RetryableMeshException}s, and leaves permanent failures as
 * results.
 */
class RetryVisibleMeshClientTest {

    private static final RetryPolicy TWO_QUICK_ATTEMPTS =
            new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0);

    @TempDir Path dir;

    @Test
    void transientErrorsThatOutlastTheRetriesAreThrown() {
        FailingStore store =
                new FailingStore(new GitOpsObjectStore(dir), List.of(unavailable(), unavailable()));
        assertThatThrownBy(() -> client(store).apply(weights("d1", "cart", 100, 0)))
                .isInstanceOf(RetryableMeshException.class)
                .hasMessageContaining("gave up after 2 attempts")
                .hasMessageContaining("503");
    }

    @Test
    void aTransientErrorWithinTheRetriesIsAppliedNormally() {
        FailingStore store = new FailingStore(new GitOpsObjectStore(dir), List.of(unavailable()));
        ActuationResult r = client(store).apply(weights("d1", "cart", 100, 0));
        assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aPermanentErrorAfterATransientOneStaysAFailedResult() {
        FailingStore store =
                new FailingStore(
                        new GitOpsObjectStore(dir),
                        List.of(
                                unavailable(),
                                new PermanentMeshException(
                                        Outcome.FAILED, 403, "forbidden", null)));
        ActuationResult r = client(store).apply(weights("d1", "cart", 100, 0));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.reason()).contains("forbidden");
    }

    @Test
    void aTransientErrorOfAnEarlierApplyIsForgotten() {
        FailingStore store =
                new FailingStore(new GitOpsObjectStore(dir), List.of(unavailable(), unavailable()));
        RetryVisibleMeshClient client = client(store);
        assertThatThrownBy(() -> client.apply(weights("d1", "cart", 100, 0)))
                .isInstanceOf(RetryableMeshException.class);
        assertThat(client.apply(weights("d1", "cart", 100, 0)).outcome())
                .isEqualTo(Outcome.APPLIED);
    }

    private static RetryVisibleMeshClient client(ObjectStore store) {
        return RetryVisibleMeshClient.of(
                Mesh.GITOPS,
                store,
                IstioSettings.ofDefaults(),
                TWO_QUICK_ATTEMPTS,
                Clock.systemUTC());
    }

    private static RetryableMeshException unavailable() {
        return new RetryableMeshException("503 service unavailable", 503, null);
    }

    /** Throws the given exceptions from the first calls, then delegates. */
    private static final class FailingStore implements ObjectStore {
        private final ObjectStore delegate;
        private final Deque<RuntimeException> failures;

        FailingStore(ObjectStore delegate, List<RuntimeException> failures) {
            this.delegate = delegate;
            this.failures = new ArrayDeque<>(failures);
        }

        @Override
        public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
            failNext();
            return delegate.get(type, namespace, name);
        }

        @Override
        public <T extends HasMetadata> T create(T object) {
            failNext();
            return delegate.create(object);
        }

        @Override
        public <T extends HasMetadata> T update(T object) {
            failNext();
            return delegate.update(object);
        }

        private void failNext() {
            RuntimeException e = failures.poll();
            if (e != null) {
                throw e;
            }
        }
    }
}
