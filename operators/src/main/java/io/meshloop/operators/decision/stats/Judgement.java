package io.meshloop.operators.decision.stats;

import io.meshloop.schemas.decision.Evidence;
import java.util.List;

/**
 * A verdict and the numbers that produced it.
 *
 * @param verdict the outcome
 * @param method the test used, e.g. {@code "fisher-exact"}, {@code "z-pooled"}, {@code
 *     "mann-whitney"}, {@code "binned-mann-whitney"}, or {@code "none"} when not enough data
 * @param pValue one-sided p-value for "canary worse than stable" ({@code NaN} when not computed)
 * @param statistic the test statistic (odds ratio for Fisher, z for the z-test, U for Mann-Whitney;
 *     {@code NaN} when not computed)
 * @param effect the effect size compared with the practical margin: canary minus stable error rate
 *     (absolute, ratio units) for error rates; canary/stable quantile ratio for latency
 * @param alpha the significance level used, {@code 1 - confidence}
 * @param reason one line a human can read in a decision record
 * @param evidence counts, rates, thresholds: everything above and more, named and with units
 */
public record Judgement(
        Verdict verdict,
        String method,
        double pValue,
        double statistic,
        double effect,
        double alpha,
        String reason,
        List<Evidence> evidence) {

    public Judgement {
        evidence = List.copyOf(evidence);
    }
}
