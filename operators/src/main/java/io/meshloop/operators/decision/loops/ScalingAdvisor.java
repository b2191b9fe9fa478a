package io.meshloop.operators.decision.loops;

import io.meshloop.schemas.decision.Evidence;
import java.util.List;

/**
 * Replica recommendation as the Kubernetes HPA computes it: {@code ceil(current × utilization /
 * target)}, no change within {@code tolerance} of the target, clamped to [min, max]; scale-ups act
 * at once, scale-downs use the highest recommendation of the last {@code downStabilizationMillis}
 * (so a brief dip does not remove replicas that the next spike needs).
 *
 * <p>Memory: a ring of at most {@code historyCapacity} (time, recommendation) pairs; with one
 * evaluation per 15 s and a 5 min window, 20 suffice. Older-than-window entries are ignored. Not
 * thread-safe; one instance per scaled workload.
 */
public final class ScalingAdvisor {

    /**
     * @param targetUtilization desired utilization per replica, in (0, 1] (or any unit matching the
     *     input, e.g. requests per replica)
     * @param tolerance no change when {@code |utilization/target - 1| <= tolerance}; HPA: 0.1
     * @param minReplicas &ge; 1
     * @param maxReplicas &ge; minReplicas
     * @param downStabilizationMillis ms; HPA default 300_000
     * @param historyCapacity recommendations remembered, &ge; 1
     */
    public record Config(
            double targetUtilization,
            double tolerance,
            int minReplicas,
            int maxReplicas,
            long downStabilizationMillis,
            int historyCapacity) {
        public Config {
            if (!(targetUtilization > 0)) {
                throw new IllegalArgumentException(
                        "targetUtilization must be > 0, got " + targetUtilization);
            }
            if (!(tolerance >= 0 && tolerance < 1)) {
                throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
            }
            if (minReplicas < 1 || maxReplicas < minReplicas) {
                throw new IllegalArgumentException(
                        "need 1 <= minReplicas <= maxReplicas, got "
                                + minReplicas
                                + " and "
                                + maxReplicas);
            }
            if (downStabilizationMillis < 0 || historyCapacity < 1) {
                throw new IllegalArgumentException(
                        "need downStabilizationMillis >= 0 and historyCapacity >= 1, got "
                                + downStabilizationMillis
                                + " and "
                                + historyCapacity);
            }
        }
    }

    private final Config config;
    private final long[] times;
    private final int[] recommendations;
    private int next;
    private int size;

    public ScalingAdvisor(Config config) {
        this.config = config;
        this.times = new long[config.historyCapacity()];
        this.recommendations = new int[config.historyCapacity()];
    }

    /**
     * One evaluation.
     *
     * @param nowMillis evaluation time, epoch ms, non-decreasing
     * @param currentReplicas replicas now, &ge; 0
     * @param utilization average utilization per replica (same unit as the target); NaN or negative
     *     = no metric: hold
     */
    public Transition<Integer> next(long nowMillis, int currentReplicas, double utilization) {
        if (!(utilization >= 0) || currentReplicas == 0) {
            return new Transition<>(
                    currentReplicas,
                    false,
                    "no utilization metric or no replicas: hold",
                    List.of(Evidence.of("replicas", currentReplicas, "replicas")));
        }
        double ratio = utilization / config.targetUtilization();
        int raw =
                Math.abs(ratio - 1) <= config.tolerance()
                        ? currentReplicas
                        : (int) Math.ceil(currentReplicas * ratio - 1e-9);
        int rec = Math.max(config.minReplicas(), Math.min(config.maxReplicas(), raw));
        times[next] = nowMillis;
        recommendations[next] = rec;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
        int downRec = rec;
        for (int i = 0; i < size; i++) {
            if (nowMillis - times[i] <= config.downStabilizationMillis()) {
                downRec = Math.max(downRec, recommendations[i]);
            }
        }
        int desired;
        if (rec > currentReplicas) {
            desired = rec;
        } else if (downRec < currentReplicas) {
            desired = downRec;
        } else {
            desired = currentReplicas;
        }
        List<Evidence> ev =
                List.of(
                        new Evidence(
                                "utilization", utilization, config.targetUtilization(), "ratio"),
                        Evidence.of("recommendation", rec, "replicas"),
                        Evidence.of("stabilizedRecommendation", downRec, "replicas"));
        return new Transition<>(
                desired,
                desired != currentReplicas,
                "replicas " + currentReplicas + " -> " + desired + " (raw " + raw + ")",
                ev);
    }
}
