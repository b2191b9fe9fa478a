package io.meshloop.simulator.traffic;

/**
 * A fault active over an event-time interval: extra errors and slower responses for one service
 * (optionally one version of it).
 *
 * @param service affected service
 * @param version affected version, or null for all versions
 * @param fromMillis start, epoch ms, inclusive
 * @param toMillis end, epoch ms, exclusive
 * @param extraErrorRate probability of failure added to the service's own (capped at 1)
 * @param latencyFactor multiplier on the service's own latency (1 = unchanged)
 */
public record Fault(
        String service,
        String version,
        long fromMillis,
        long toMillis,
        double extraErrorRate,
        double latencyFactor) {

    public Fault {
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException(
                    "fault on " + service + ": toMillis must be > fromMillis");
        }
        if (!(latencyFactor > 0)) {
            throw new IllegalArgumentException(
                    "fault on " + service + ": latencyFactor must be > 0, was " + latencyFactor);
        }
    }

    boolean appliesTo(String svc, String ver, long atMillis) {
        return service.equals(svc)
                && (version == null || version.equals(ver))
                && atMillis >= fromMillis
                && atMillis < toMillis;
    }
}
