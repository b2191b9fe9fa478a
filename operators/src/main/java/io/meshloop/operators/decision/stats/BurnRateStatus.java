package io.meshloop.operators.decision.stats;

import io.meshloop.schemas.decision.Evidence;
import java.util.ArrayList;
import java.util.List;

/**
 * Burn rates at one instant.
 *
 * @param nowMillis evaluation time, epoch ms (windows end here, exclusive)
 * @param pairs one entry per configured pair, in configuration order
 */
public record BurnRateStatus(long nowMillis, List<PairStatus> pairs) {

    public BurnRateStatus {
        pairs = List.copyOf(pairs);
    }

    /**
     * Totals of one window.
     *
     * @param windowMillis window length, ms
     * @param requests requests in the window
     * @param errors errors in the window
     * @param burnRate {@code (errors / requests) / (1 - objective)}; 0 without requests
     */
    public record Window(long windowMillis, long requests, long errors, double burnRate) {}

    /** One pair's windows and whether both are at or above its factor. */
    public record PairStatus(String name, double factor, Window longWindow, Window shortWindow) {
        public boolean firing() {
            return longWindow.burnRate() >= factor && shortWindow.burnRate() >= factor;
        }
    }

    /** True when any pair fires. */
    public boolean firing() {
        for (PairStatus p : pairs) {
            if (p.firing()) {
                return true;
            }
        }
        return false;
    }

    /** Names of the pairs that fire. */
    public List<String> firingPairs() {
        List<String> names = new ArrayList<>(pairs.size());
        for (PairStatus p : pairs) {
            if (p.firing()) {
                names.add(p.name());
            }
        }
        return names;
    }

    /** Both burn rates of every pair against its factor. */
    public List<Evidence> evidence() {
        List<Evidence> ev = new ArrayList<>(pairs.size() * 2);
        for (PairStatus p : pairs) {
            ev.add(
                    new Evidence(
                            p.name() + ".long.burnRate",
                            p.longWindow().burnRate(),
                            p.factor(),
                            "1"));
            ev.add(
                    new Evidence(
                            p.name() + ".short.burnRate",
                            p.shortWindow().burnRate(),
                            p.factor(),
                            "1"));
        }
        return ev;
    }
}
