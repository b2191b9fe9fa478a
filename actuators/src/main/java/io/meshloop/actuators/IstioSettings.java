package io.meshloop.actuators;

/**
 * How meshloop names and selects things in an Istio mesh. Defaults follow the Istio samples
 * (Bookinfo): workloads carry {@code app=<service>} and {@code version=<version>}, and each service
 * runs as a service account of the same name.
 *
 * @param managedRouteName name of the VirtualService HTTP route meshloop owns (weights, retries,
 *     timeout); other routes are left alone
 * @param workloadLabel pod label whose value is the service name (AuthorizationPolicy and
 *     PeerAuthentication selectors)
 * @param versionLabel pod label whose value is the version (DestinationRule subsets)
 * @param trustDomain SPIFFE trust domain of the mesh
 * @param principalFormat how a caller service becomes a principal: {@code %1$s} trust domain,
 *     {@code %2$s} namespace, {@code %3$s} service. The default assumes service account = service
 *     name; change it when they differ
 * @param serverDryRun whether to send each write first with {@code dryRun=All} so admission
 *     webhooks (Istio's validation) vet it before anything is persisted
 */
public record IstioSettings(
        String managedRouteName,
        String workloadLabel,
        String versionLabel,
        String trustDomain,
        String principalFormat,
        boolean serverDryRun) {

    public IstioSettings {
        requireName("managedRouteName", managedRouteName);
        requireName("workloadLabel", workloadLabel);
        requireName("versionLabel", versionLabel);
        requireName("trustDomain", trustDomain);
        if (principalFormat == null || !principalFormat.contains("%3$s")) {
            throw new IllegalArgumentException(
                    "istio.principalFormat must contain %3$s (the service), was "
                            + principalFormat);
        }
    }

    /**
     * Route {@code meshloop}, labels {@code app}/{@code version}, SA = service, server dry-run on.
     */
    public static IstioSettings ofDefaults() {
        return new IstioSettings(
                "meshloop", "app", "version", "cluster.local", "%1$s/ns/%2$s/sa/%3$s", true);
    }

    public IstioSettings withServerDryRun(boolean enabled) {
        return new IstioSettings(
                managedRouteName,
                workloadLabel,
                versionLabel,
                trustDomain,
                principalFormat,
                enabled);
    }

    /** The principal of a caller service in a namespace. */
    public String principal(String namespace, String service) {
        return String.format(principalFormat, trustDomain, namespace, service);
    }

    private static void requireName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("istio." + field + " must be non-blank");
        }
    }
}
