package io.meshloop.operators.decision.safety;

import java.util.Map;
import java.util.Set;

/** An action the loops want to take, as seen by the {@link SafetyGate}. */
public sealed interface ProposedAction {

    /** The object acted on, e.g. {@code "shop/cart"}; cooldowns are per target. */
    String target();

    /** Change a route's version weights. */
    record RouteWeights(
            String target,
            Map<String, Integer> current,
            Map<String, Integer> proposed,
            Set<String> healthy)
            implements ProposedAction {
        public RouteWeights {
            current = Map.copyOf(current);
            proposed = Map.copyOf(proposed);
            healthy = Set.copyOf(healthy);
        }
    }

    /** Eject one instance of a service. */
    record EjectInstance(String target, Set<String> instances, Set<String> ejected, String instance)
            implements ProposedAction {
        public EjectInstance {
            instances = Set.copyOf(instances);
            ejected = Set.copyOf(ejected);
        }
    }

    /** Anything else (timeout, retry, limit or replica changes); only the generic rails apply. */
    record Other(String target, String kind) implements ProposedAction {}
}
