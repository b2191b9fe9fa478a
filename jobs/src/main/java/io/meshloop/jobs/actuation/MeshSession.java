package io.meshloop.jobs.actuation;

import io.meshloop.actuators.MeshClient;
import java.util.Objects;

/**
 * An opened mesh client and what must be released with it (the Kubernetes client's connection pool;
 * nothing for a GitOps directory).
 *
 * <p>{@link MeshClient#apply} of {@code client} may throw {@link
 * io.meshloop.actuators.RetryableMeshException} when the mesh stayed unavailable through the
 * client's own retries: the actuation operator then keeps the decision queued and retries later.
 */
public record MeshSession(MeshClient client, AutoCloseable resources) implements AutoCloseable {

    public MeshSession {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(resources, "resources");
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
