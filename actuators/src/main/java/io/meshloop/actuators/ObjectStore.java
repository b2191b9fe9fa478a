package io.meshloop.actuators;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Where Kubernetes-style objects live: the API server, or a GitOps directory. Writes are
 * conditional on {@code metadata.resourceVersion} (optimistic concurrency).
 */
public interface ObjectStore {

    /**
     * The live object, or null if absent.
     *
     * @throws RetryableMeshException transient failure
     * @throws PermanentMeshException e.g. forbidden
     */
    <T extends HasMetadata> T get(Class<T> type, String namespace, String name);

    /**
     * Creates the object; {@link MeshConflictException} if it appeared meanwhile.
     *
     * @return the stored object, with its new resourceVersion
     */
    <T extends HasMetadata> T create(T object);

    /**
     * Replaces the object if its resourceVersion is still the one given, else throws {@link
     * MeshConflictException}.
     *
     * @return the stored object, with its new resourceVersion
     */
    <T extends HasMetadata> T update(T object);
}
