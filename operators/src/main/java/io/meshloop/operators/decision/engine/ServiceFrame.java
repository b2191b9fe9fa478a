package io.meshloop.operators.decision.engine;

import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.signal.SignalScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every signal of one service for one window end: what the engine judges in one evaluation. Per
 * version it keeps the roll-up over all routes; span-derived signals win over Istio-derived ones
 * for the same series (they carry latency quantiles for every window).
 */
public final class ServiceFrame {

    private final String service;
    private final long windowEnd;
    private final Map<String, Signal> versions = new TreeMap<>();
    private final List<Signal> instances = new ArrayList<>();
    private final List<Signal> edgesIn = new ArrayList<>();

    public ServiceFrame(String service, long windowEnd) {
        this.service = service;
        this.windowEnd = windowEnd;
    }

    public static ServiceFrame of(String service, long windowEnd, Iterable<Signal> signals) {
        ServiceFrame f = new ServiceFrame(service, windowEnd);
        for (Signal s : signals) {
            f.add(s);
        }
        return f;
    }

    /**
     * Whether a frame keeps this kind of signal: version roll-ups, instances and edges. Per-route
     * signals are not used yet, so the engine does not buffer them.
     */
    public static boolean uses(Signal s) {
        SignalKey k = s.key();
        return k.scope() != SignalScope.SERVICE || SignalKey.ALL.equals(k.route());
    }

    /** Adds a signal of this service and window; others are ignored. */
    public void add(Signal s) {
        SignalKey k = s.key();
        if (s.windowEnd() != windowEnd || !service.equals(k.service()) || !uses(s)) {
            return;
        }
        if (k.scope() == SignalScope.SERVICE) {
            Signal old = versions.get(k.version());
            if (old == null || Signal.SOURCE_SPANS.equals(s.source())) {
                versions.put(k.version(), s);
            }
        } else if (k.scope() == SignalScope.INSTANCE) {
            instances.add(s);
        } else if (k.scope() == SignalScope.EDGE) {
            edgesIn.add(s);
        }
    }

    public String service() {
        return service;
    }

    public long windowEnd() {
        return windowEnd;
    }

    /** The roll-up signal of a version, or null when it had no requests in the window. */
    public Signal version(String version) {
        return versions.get(version);
    }

    public Set<String> versionNames() {
        return Collections.unmodifiableSet(versions.keySet());
    }

    /** Requests of every version in the window. */
    public long totalRequests() {
        long n = 0;
        for (Signal s : versions.values()) {
            n += s.requests();
        }
        return n;
    }

    public List<Signal> instances() {
        return Collections.unmodifiableList(instances);
    }

    public List<Signal> edgesIn() {
        return Collections.unmodifiableList(edgesIn);
    }
}
