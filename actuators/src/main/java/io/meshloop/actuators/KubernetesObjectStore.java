package io.meshloop.actuators;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshloop.schemas.actuation.Outcome;
import java.util.function.Supplier;

/**
 * Objects in a Kubernetes API server, through fabric8. Updates are PUTs carrying the
 * resourceVersion read (HTTP 409 on a concurrent change). With server dry-run on, every create and
 * update is first sent with {@code dryRun=All}, so validating admission webhooks (Istio's) judge
 * the object before anything is persisted; the fabric8 mock server ignores {@code dryRun} and would
 * persist the dry run, so tests turn it off.
 *
 * <p>Errors: 409 becomes {@link MeshConflictException}; 429, 5xx and no answer (timeout, I/O)
 * {@link RetryableMeshException}; 400 and 422 {@link PermanentMeshException} REJECTED; anything
 * else (401, 403, 404 for a CRD not installed, ...) {@link PermanentMeshException} FAILED.
 * fabric8's own retry of 5xx ({@code requestRetryBackoffLimit}) should be set to 0 on the client,
 * so that {@link RetryPolicy} is the only one.
 */
public final class KubernetesObjectStore implements ObjectStore {

    private final KubernetesClient client;
    private final boolean serverDryRun;

    public KubernetesObjectStore(KubernetesClient client, boolean serverDryRun) {
        this.client = client;
        this.serverDryRun = serverDryRun;
    }

    @Override
    public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        return call(
                "get " + type.getSimpleName() + " " + namespace + "/" + name,
                () -> client.resources(type).inNamespace(namespace).withName(name).get());
    }

    @Override
    public <T extends HasMetadata> T create(T object) {
        return call(
                "create " + id(object),
                () -> {
                    if (serverDryRun) {
                        client.resource(object).dryRun().create();
                    }
                    return client.resource(object).create();
                });
    }

    @Override
    public <T extends HasMetadata> T update(T object) {
        return call(
                "update " + id(object),
                () -> {
                    if (serverDryRun) {
                        client.resource(object).dryRun().update();
                    }
                    return client.resource(object).update();
                });
    }

    private static String id(HasMetadata o) {
        return o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private static <T> T call(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (KubernetesClientException e) {
            throw translate(what, e);
        }
    }

    static RuntimeException translate(String what, KubernetesClientException e) {
        int code = e.getCode();
        String detail =
                e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage()
                        : e.getMessage();
        String message = what + ": HTTP " + code + " " + detail;
        if (code == 409) {
            return new MeshConflictException(message, e);
        }
        if (code == 0 || code == 429 || code >= 500) {
            return new RetryableMeshException(message, code, e);
        }
        if (code == 400 || code == 422) {
            return new PermanentMeshException(Outcome.REJECTED, code, message, e);
        }
        return new PermanentMeshException(Outcome.FAILED, code, message, e);
    }
}
