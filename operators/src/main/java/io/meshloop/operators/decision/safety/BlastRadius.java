package io.meshloop.operators.decision.safety;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Limits how much of a service one action can touch.
 *
 * <ul>
 *   <li>Routing: never move all traffic away from the healthy versions. A proposal that leaves
 *       every healthy version at weight 0, while one of them carries traffic now, is clamped: the
 *       healthy version with the most current traffic keeps its current weight and the rest of the
 *       proposal is scaled into what is left (largest-remainder rounding, total preserved).
 *   <li>Ejection: never eject more than {@code maxEjectedPercent} of a service's instances, and
 *       never the last one.
 * </ul>
 *
 * Stateless; weights are integers (Istio-style percentages or any integer total).
 */
public final class BlastRadius {

    /**
     * Result of {@link #clampWeights}.
     *
     * @param weights the weights to apply (the proposal, or its clamped form)
     * @param clamped true when the proposal was changed
     * @param reason why it was clamped, empty otherwise
     */
    public record WeightCheck(Map<String, Integer> weights, boolean clamped, String reason) {
        public WeightCheck {
            weights = Map.copyOf(weights);
        }
    }

    private final double maxEjectedPercent;

    /**
     * @param maxEjectedPercent in [0, 100]; e.g. 10 allows ejecting one instance in ten
     */
    public BlastRadius(double maxEjectedPercent) {
        if (!(maxEjectedPercent >= 0 && maxEjectedPercent <= 100)) {
            throw new IllegalArgumentException(
                    "maxEjectedPercent must be in [0, 100], got " + maxEjectedPercent);
        }
        this.maxEjectedPercent = maxEjectedPercent;
    }

    /**
     * Checks a proposed weight change.
     *
     * @param current weights now, by version (missing = 0)
     * @param proposed desired weights, by version (missing = 0)
     * @param healthy versions currently considered healthy
     */
    public WeightCheck clampWeights(
            Map<String, Integer> current, Map<String, Integer> proposed, Set<String> healthy) {
        int proposedHealthy = 0;
        String keep = null;
        int keepWeight = 0;
        for (String v : healthy) {
            proposedHealthy += proposed.getOrDefault(v, 0);
            int w = current.getOrDefault(v, 0);
            if (w > keepWeight || (w == keepWeight && w > 0 && v.compareTo(keep) < 0)) {
                keep = v;
                keepWeight = w;
            }
        }
        if (proposedHealthy > 0 || keep == null) {
            return new WeightCheck(proposed, false, "");
        }
        int total = 0;
        for (int w : proposed.values()) {
            total += w;
        }
        int rest = Math.max(0, total - keepWeight);
        int others = total; // proposed healthy weights are all 0, so every unit is someone else's
        Map<String, Integer> out = new LinkedHashMap<>();
        Map<String, Double> remainders = new LinkedHashMap<>();
        int assigned = 0;
        for (Map.Entry<String, Integer> e : proposed.entrySet()) {
            if (e.getKey().equals(keep)) {
                continue;
            }
            double share = others == 0 ? 0 : (double) e.getValue() * rest / others;
            int floor = (int) Math.floor(share);
            out.put(e.getKey(), floor);
            remainders.put(e.getKey(), share - floor);
            assigned += floor;
        }
        for (int left = rest - assigned; left > 0; left--) {
            String best = null;
            for (Map.Entry<String, Double> e : remainders.entrySet()) {
                if (best == null || e.getValue() > remainders.get(best)) {
                    best = e.getKey();
                }
            }
            if (best == null) {
                break;
            }
            out.merge(best, 1, Integer::sum);
            remainders.put(best, -1.0);
        }
        out.put(keep, total - rest);
        return new WeightCheck(
                out,
                true,
                "blast radius: proposal routes 100% away from healthy versions "
                        + healthy
                        + "; keeping "
                        + keep
                        + " at "
                        + (total - rest));
    }

    /**
     * Empty when ejecting {@code candidate} is allowed, else the reason.
     *
     * @param instances all instances of the service
     * @param ejected instances ejected now (entries not in {@code instances} are ignored)
     * @param candidate instance proposed for ejection
     */
    public Optional<String> checkEjection(
            Set<String> instances, Set<String> ejected, String candidate) {
        if (!instances.contains(candidate)) {
            return Optional.of("ejection: " + candidate + " is not a known instance");
        }
        if (ejected.contains(candidate)) {
            return Optional.of("ejection: " + candidate + " is already ejected");
        }
        int already = 0;
        for (String e : ejected) {
            if (instances.contains(e)) {
                already++;
            }
        }
        int total = instances.size();
        if (already + 1 >= total) {
            return Optional.of(
                    "ejection: would leave no instance serving ("
                            + (already + 1)
                            + " of "
                            + total
                            + ")");
        }
        if ((already + 1) * 100.0 > maxEjectedPercent * total) {
            return Optional.of(
                    String.format(
                            "ejection: %d of %d instances = %.1f%% > maxEjectedPercent %.1f%%",
                            already + 1, total, (already + 1) * 100.0 / total, maxEjectedPercent));
        }
        return Optional.empty();
    }
}
