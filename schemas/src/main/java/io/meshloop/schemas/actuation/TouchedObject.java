package io.meshloop.schemas.actuation;

import java.util.Objects;

/**
 * One mesh object an actuation looked at, and what it did to it.
 *
 * @param kind the object's kind, e.g. {@code VirtualService}, {@code HTTPRoute}, {@code
 *     service-router} (Consul)
 * @param namespace its namespace (Kubernetes namespace, Consul namespace), may be null
 * @param name its name
 * @param change what was done to it
 * @param resourceVersion the object's version after the actuation (Kubernetes resourceVersion,
 *     Consul ModifyIndex, the content hash of a GitOps file), null when unknown
 */
public record TouchedObject(
        String kind, String namespace, String name, Change change, String resourceVersion) {

    public TouchedObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(change, "change");
    }
}
