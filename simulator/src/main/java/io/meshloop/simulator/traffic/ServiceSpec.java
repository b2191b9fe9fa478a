package io.meshloop.simulator.traffic;

import java.util.List;
import java.util.Objects;

/**
 * One simulated service: its versions (with their share of traffic), instances, route, latency and
 * error behaviour, and the services it calls for every request (in order).
 *
 * @param name service name ({@code service.name})
 * @param versions versions with traffic weights (relative, need not sum to 1)
 * @param instancesPerVersion pods per version
 * @param route the {@code http.route} of its SERVER spans
 * @param medianLatencyMs median of its own (exclusive) latency, ms
 * @param latencySigma log-normal shape of its own latency (0.3 is moderately tailed)
 * @param errorRate probability that a request fails here (HTTP 500), before any fault
 * @param calls services called for every request, in order
 */
public record ServiceSpec(
        String name,
        List<VersionSpec> versions,
        int instancesPerVersion,
        String route,
        double medianLatencyMs,
        double latencySigma,
        double errorRate,
        List<String> calls) {

    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        if (versions == null || versions.isEmpty()) {
            throw new IllegalArgumentException("service " + name + ": versions must not be empty");
        }
        if (instancesPerVersion < 1) {
            throw new IllegalArgumentException(
                    "service "
                            + name
                            + ": instancesPerVersion must be >= 1, was "
                            + instancesPerVersion);
        }
        if (!(medianLatencyMs > 0)) {
            throw new IllegalArgumentException(
                    "service " + name + ": medianLatencyMs must be > 0, was " + medianLatencyMs);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException(
                    "service " + name + ": errorRate must be in [0,1], was " + errorRate);
        }
        versions = List.copyOf(versions);
        calls = List.copyOf(calls);
    }

    /** A version of a service and its relative traffic weight. */
    public record VersionSpec(String version, double weight) {
        public VersionSpec {
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("version " + version + ": weight must be >= 0");
            }
        }
    }
}
