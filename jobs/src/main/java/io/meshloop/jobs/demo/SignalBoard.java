package io.meshloop.jobs.demo;

import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.signal.SignalScope;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's live view: the newest window of every (service, version) roll-up signal, rendered as a
 * fixed-width table. Pure: fed signals, asked for text.
 */
public final class SignalBoard {

    private final Map<String, Signal> latest = new TreeMap<>();
    private long signalsSeen;

    /** Keeps the signal if it is a newer roll-up window than the one shown for its series. */
    public void accept(Signal s) {
        signalsSeen++;
        SignalKey k = s.key();
        if (k.scope() != SignalScope.SERVICE || !SignalKey.ALL.equals(k.route())) {
            return;
        }
        String id = k.service() + ' ' + k.version() + ' ' + s.source();
        Signal old = latest.get(id);
        if (old == null || old.windowEnd() <= s.windowEnd()) {
            latest.put(id, s);
        }
    }

    public long signalsSeen() {
        return signalsSeen;
    }

    /** The signal currently shown for a service version from a source, or null. */
    public Signal shown(String service, String version, String source) {
        return latest.get(service + ' ' + version + ' ' + source);
    }

    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "%-12s %-8s %-6s %9s %8s %9s %9s %9s%n",
                        "SERVICE",
                        "VERSION",
                        "SOURCE",
                        "RATE/s",
                        "ERR %",
                        "P50 ms",
                        "P99 ms",
                        "MAX ms"));
        List<Signal> rows =
                latest.values().stream()
                        .sorted(
                                Comparator.comparing((Signal s) -> s.key().service())
                                        .thenComparing(s -> s.key().version())
                                        .thenComparing(Signal::source))
                        .toList();
        for (Signal s : rows) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%-12s %-8s %-6s %9.1f %8.2f %9.1f %9.1f %9.1f%n",
                            s.key().service(),
                            s.key().version(),
                            s.source(),
                            s.rate(),
                            s.errorRate() * 100,
                            s.p50Ms(),
                            s.p99Ms(),
                            s.maxMs()));
        }
        return b.toString();
    }
}
