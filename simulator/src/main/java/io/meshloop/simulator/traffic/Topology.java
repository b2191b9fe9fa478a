package io.meshloop.simulator.traffic;

import io.meshloop.simulator.traffic.ServiceSpec.VersionSpec;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A set of services and the one every user request enters through. Validated at construction. */
public record Topology(String entry, Map<String, ServiceSpec> services) {

    public Topology {
        services = Map.copyOf(services);
        if (!services.containsKey(entry)) {
            throw new IllegalArgumentException("entry service '" + entry + "' is not defined");
        }
        for (ServiceSpec s : services.values()) {
            for (String callee : s.calls()) {
                if (!services.containsKey(callee)) {
                    throw new IllegalArgumentException(
                            "service " + s.name() + " calls undefined service '" + callee + "'");
                }
            }
        }
        requireAcyclic(entry, services, new HashSet<>(), new HashSet<>());
    }

    public static Topology of(String entry, List<ServiceSpec> specs) {
        Map<String, ServiceSpec> byName = new LinkedHashMap<>();
        for (ServiceSpec s : specs) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException("service '" + s.name() + "' defined twice");
            }
        }
        return new Topology(entry, byName);
    }

    /** A small shop: frontend → cart, catalog, checkout → payment, shipping; cart has a canary. */
    public static Topology shop() {
        return of(
                "frontend",
                List.of(
                        svc("frontend", 3, "/", 4, List.of("catalog", "cart", "checkout")),
                        new ServiceSpec(
                                "cart",
                                List.of(new VersionSpec("v1", 0.9), new VersionSpec("v2", 0.1)),
                                2,
                                "/cart",
                                6,
                                0.35,
                                0.001,
                                List.of("redis")),
                        svc("catalog", 2, "/products", 8, List.of()),
                        svc("checkout", 2, "/checkout", 10, List.of("payment", "shipping")),
                        svc("payment", 2, "/charge", 25, List.of()),
                        svc("shipping", 2, "/quote", 12, List.of()),
                        svc("redis", 1, "GET", 1, List.of())));
    }

    private static ServiceSpec svc(
            String name, int instances, String route, double medianMs, List<String> calls) {
        return new ServiceSpec(
                name,
                List.of(new VersionSpec("v1", 1)),
                instances,
                route,
                medianMs,
                0.3,
                0.001,
                calls);
    }

    private static void requireAcyclic(
            String at, Map<String, ServiceSpec> services, Set<String> path, Set<String> done) {
        if (done.contains(at)) {
            return;
        }
        if (!path.add(at)) {
            throw new IllegalArgumentException("call graph has a cycle through '" + at + "'");
        }
        for (String callee : services.get(at).calls()) {
            requireAcyclic(callee, services, path, done);
        }
        path.remove(at);
        done.add(at);
    }
}
