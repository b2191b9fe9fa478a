package io.meshloop.schemas.decision;

/**
 * What a decision acts on. {@code service} is always set; the other fields narrow it (null when
 * they do not apply).
 *
 * @param namespace Kubernetes namespace (or Consul namespace/partition), may be null for the
 *     default
 * @param service the service whose routing or policy changes (the callee for edges)
 * @param version the version (subset) concerned, may be null
 * @param route the route concerned, may be null
 * @param instance the instance (pod) concerned, may be null
 * @param caller the calling service, for edge decisions, may be null
 * @param locality the locality (region/zone) concerned, may be null
 */
public record DecisionTarget(
        String namespace,
        String service,
        String version,
        String route,
        String instance,
        String caller,
        String locality) {

    public DecisionTarget {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("target.service must be set");
        }
    }

    public static DecisionTarget service(String service) {
        return new DecisionTarget(null, service, null, null, null, null, null);
    }

    /** A stable, human-readable identity: the key of decision topics and of per-target state. */
    public String asString() {
        StringBuilder b = new StringBuilder();
        if (namespace != null) {
            b.append(namespace).append('/');
        }
        b.append(service);
        append(b, "version", version);
        append(b, "route", route);
        append(b, "instance", instance);
        append(b, "caller", caller);
        append(b, "locality", locality);
        return b.toString();
    }

    private static void append(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(';').append(name).append('=').append(value);
        }
    }
}
