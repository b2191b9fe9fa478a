package io.meshloop.operators.decision.stats;

/**
 * One-sided Mann-Whitney result for "canary stochastically greater than stable".
 *
 * @param u the U statistic of the canary arm: number of (canary, stable) pairs where the canary
 *     value is larger, ties counting one half; in [0, nCanary × nStable]
 * @param z the normal score with tie and continuity correction (0 when there is no variance)
 * @param pValue one-sided p-value
 */
public record RankTestResult(double u, double z, double pValue) {}
