package io.meshloop.schemas.policy;

import io.meshloop.schemas.signal.SignalScope;
import java.util.Map;

/**
 * What a policy watches and acts on. Every set field must match (AND); unset fields (null) match
 * anything. At least one of {@code service}, {@code edge}, {@code labels} is set.
 *
 * @param service the service (for an edge target: unset, the callee is {@code edge.callee})
 * @param version the version label, i.e. the Istio DestinationRule subset (e.g. {@code v2})
 * @param route the {@code http.route}, e.g. {@code /cart}
 * @param instance one instance (pod) name
 * @param locality {@code region[/zone[/subzone]]}, for loops that act on localities
 * @param edge a caller→callee pair
 * @param labels workload labels that must all match (empty: no label constraint)
 */
public record Target(
        String service,
        String version,
        String route,
        String instance,
        String locality,
        EdgeSelector edge,
        Map<String, String> labels) {

    public Target {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Checks.check(
                service != null || edge != null || !labels.isEmpty(),
                "target needs service, edge or labels");
        Checks.check(service == null || edge == null, "target: set either service or edge");
    }

    /** A target of one service, every version. */
    public static Target service(String service) {
        return new Target(service, null, null, null, null, null, Map.of());
    }

    /** The scope the target itself selects: edge, else instance, else service. */
    public SignalScope scope() {
        if (edge != null) {
            return SignalScope.EDGE;
        }
        return instance != null ? SignalScope.INSTANCE : SignalScope.SERVICE;
    }
}
