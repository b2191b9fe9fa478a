package io.meshloop.jobs.backtest;

import io.meshloop.schemas.decision.Decision;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a backtest read and produced; {@link BacktestSummary} renders it as {@code summary.md}.
 *
 * @param input the input, as the user gave it
 * @param files files read (0 for Kafka)
 * @param messages Collector messages in the files (batches: lines or length-prefixed messages); -1
 *     when not counted (Kafka: records are not counted separately)
 * @param spans spans decoded
 * @param metricPoints metric points decoded
 * @param firstSpanEndMs earliest span end time, epoch ms; {@link Long#MAX_VALUE} without spans
 * @param lastSpanEndMs latest span end time, epoch ms; {@link Long#MIN_VALUE} without spans
 * @param signals signals written
 * @param decisions decisions, by time, policy, target, id
 * @param deadLetters dead-lettered items (a dead letter can stand for several spans) by reason,
 *     sorted by reason
 * @param deadLetterRecords dead-letter records written
 * @param outDir where the files are
 */
public record BacktestResult(
        String input,
        int files,
        long messages,
        long spans,
        long metricPoints,
        long firstSpanEndMs,
        long lastSpanEndMs,
        long signals,
        List<Decision> decisions,
        Map<String, Long> deadLetters,
        long deadLetterRecords,
        Path outDir) {

    public BacktestResult {
        decisions = List.copyOf(decisions);
        deadLetters = Map.copyOf(deadLetters);
    }
}
