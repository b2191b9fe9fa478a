package io.meshloop.actuators.gatewayapi;

/**
 * How meshloop names things in a Gateway API (GAMMA) mesh such as Linkerd. Defaults follow the
 * Linkerd and Gateway API traffic-splitting examples: one backend Service per version, named {@code
 * <service>-<version>} (e.g. {@code cart-v1}), serving on port 80.
 *
 * @param managedRuleName name of the HTTPRoute rule meshloop owns (weights, timeout); other rules
 *     are left alone. Must be a DNS subdomain, as the CRD requires
 * @param backendNameFormat how a version's backend Service is named: {@code %1$s} service, {@code
 *     %2$s} version (exactly once, so that reading the route can map a backend back to its version)
 * @param backendPort port of the backend Services, in [1, 65535] (the CRD requires a port on a
 *     Service backendRef)
 * @param serverDryRun whether to send each write first with {@code dryRun=All} so validating
 *     admission (CEL rules, webhooks) vets it before anything is persisted
 */
public record GatewayApiSettings(
        String managedRuleName, String backendNameFormat, int backendPort, boolean serverDryRun) {

    private static final String DNS_SUBDOMAIN =
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    public GatewayApiSettings {
        if (managedRuleName == null || !managedRuleName.matches(DNS_SUBDOMAIN)) {
            throw new IllegalArgumentException(
                    "gatewayApi.managedRuleName must be a DNS subdomain (lower case, digits, '-',"
                            + " '.'), was '"
                            + managedRuleName
                            + "'");
        }
        if (backendNameFormat == null
                || backendNameFormat.indexOf("%2$s") < 0
                || backendNameFormat.indexOf("%2$s") != backendNameFormat.lastIndexOf("%2$s")) {
            throw new IllegalArgumentException(
                    "gatewayApi.backendNameFormat must contain %2$s (the version) exactly once, was '"
                            + backendNameFormat
                            + "'");
        }
        if (backendPort < 1 || backendPort > 65535) {
            throw new IllegalArgumentException(
                    "gatewayApi.backendPort must be in [1, 65535], was " + backendPort);
        }
    }

    /** Rule {@code meshloop}, backends {@code <service>-<version>:80}, server dry-run on. */
    public static GatewayApiSettings ofDefaults() {
        return new GatewayApiSettings("meshloop", "%1$s-%2$s", 80, true);
    }

    public GatewayApiSettings withServerDryRun(boolean enabled) {
        return new GatewayApiSettings(managedRuleName, backendNameFormat, backendPort, enabled);
    }

    public GatewayApiSettings withBackendNameFormat(String format) {
        return new GatewayApiSettings(managedRuleName, format, backendPort, serverDryRun);
    }

    /** The backend Service of a version. */
    public String backendName(String service, String version) {
        return String.format(backendNameFormat, service, version);
    }

    /** The version a backend Service name stands for, or null if it is not one of ours. */
    public String versionOf(String service, String backendName) {
        String marker = "\u0000";
        String probe = String.format(backendNameFormat, service, marker);
        int at = probe.indexOf(marker);
        String prefix = probe.substring(0, at);
        String suffix = probe.substring(at + marker.length());
        if (backendName == null
                || backendName.length() <= prefix.length() + suffix.length()
                || !backendName.startsWith(prefix)
                || !backendName.endsWith(suffix)) {
            return null;
        }
        return backendName.substring(prefix.length(), backendName.length() - suffix.length());
    }
}
