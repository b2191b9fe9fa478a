package io.meshloop.actuators;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshloop.actuators.consul.ConsulConfigApi;
import io.meshloop.actuators.consul.ConsulMeshClient;
import io.meshloop.actuators.consul.ConsulSettings;
import io.meshloop.actuators.gatewayapi.GatewayApiMeshClient;
import io.meshloop.actuators.gatewayapi.GatewayApiSettings;
import io.meshloop.schemas.actuation.Mesh;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/** Factories of the {@link MeshClient}s meshloop ships. */
public final class MeshClients {
    private MeshClients() {}

    /**
     * Istio through the Kubernetes API: VirtualService, DestinationRule (networking.istio.io/v1),
     * AuthorizationPolicy, PeerAuthentication (security.istio.io/v1). Needs the RBAC of {@code
     * deploy/kubernetes/rbac/}. Set the client's {@code requestRetryBackoffLimit} to 0 so that
     * {@code retry} is the only retry loop.
     */
    public static MeshClient istio(
            KubernetesClient client,
            IstioSettings settings,
            RetryPolicy retry,
            Clock clock,
            Sleeper sleeper) {
        return new IstioMeshClient(
                Mesh.ISTIO,
                new KubernetesObjectStore(client, settings.serverDryRun()),
                settings,
                retry,
                clock,
                sleeper,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * {@link #istio(KubernetesClient, IstioSettings, RetryPolicy, Clock, Sleeper)} with defaults.
     */
    public static MeshClient istio(KubernetesClient client, Clock clock) {
        return istio(
                client,
                IstioSettings.ofDefaults(),
                RetryPolicy.ofDefaults(),
                clock,
                Sleeper.system());
    }

    /**
     * The same Istio objects as {@link #istio}, written as canonical YAML manifests under {@code
     * dir} ({@code <dir>/<namespace>/<Kind>/<name>.yaml}) and read back from there: the embedded
     * default of the demo, and the way to route changes through review (commit the directory).
     */
    public static MeshClient gitOps(Path dir, IstioSettings settings, Clock clock) {
        return new IstioMeshClient(
                Mesh.GITOPS,
                new GitOpsObjectStore(dir),
                settings,
                RetryPolicy.ofDefaults(),
                clock,
                Sleeper.system(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@link #gitOps(Path, IstioSettings, Clock)} with default settings. */
    public static MeshClient gitOps(Path dir, Clock clock) {
        return gitOps(dir, IstioSettings.ofDefaults(), clock);
    }

    /**
     * A Gateway API (GAMMA) mesh such as Linkerd through the Kubernetes API: HTTPRoute ({@code
     * gateway.networking.k8s.io/v1}) for weights and timeouts, Linkerd annotations for retries (on
     * the HTTPRoute) and failure accrual (on the Service). Needs {@code
     * deploy/kubernetes/rbac/gatewayapi-actuator.yaml}. Set the client's {@code
     * requestRetryBackoffLimit} to 0 so that {@code retry} is the only retry loop.
     */
    public static MeshClient gatewayApi(
            KubernetesClient client,
            GatewayApiSettings settings,
            RetryPolicy retry,
            Clock clock,
            Sleeper sleeper) {
        return new GatewayApiMeshClient(
                new KubernetesObjectStore(client, settings.serverDryRun()),
                settings,
                retry,
                clock,
                sleeper,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * {@link #gatewayApi(KubernetesClient, GatewayApiSettings, RetryPolicy, Clock, Sleeper)} with
     * defaults.
     */
    public static MeshClient gatewayApi(KubernetesClient client, Clock clock) {
        return gatewayApi(
                client,
                GatewayApiSettings.ofDefaults(),
                RetryPolicy.ofDefaults(),
                clock,
                Sleeper.system());
    }

    /**
     * Consul through its HTTP API: config entries service-resolver, service-splitter,
     * service-router, service-defaults and service-intentions, written with check-and-set.
     */
    public static MeshClient consul(
            HttpClient http,
            ConsulSettings settings,
            RetryPolicy retry,
            Clock clock,
            Sleeper sleeper) {
        return new ConsulMeshClient(
                new ConsulConfigApi(http, settings),
                settings,
                retry,
                clock,
                sleeper,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@link #consul(HttpClient, ConsulSettings, RetryPolicy, Clock, Sleeper)} with defaults. */
    public static MeshClient consul(ConsulSettings settings, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        return consul(http, settings, RetryPolicy.ofDefaults(), clock, Sleeper.system());
    }
}
