/**
 * The pure core of the decision engine (issue 3): statistical judges ({@code .stats}), safety rails
 * ({@code .safety}) and loop controllers ({@code .loops}).
 *
 * <p>Nothing here imports Flink, reads a clock or does I/O other than the injected kill-switch
 * check: time ({@code long nowMillis}, epoch ms) and samples are arguments, so every test is a list
 * of numbers. Classes whose state must survive a restart expose it as an immutable record that a
 * Flink adapter can keep in keyed state.
 */
package io.meshloop.operators.decision;
