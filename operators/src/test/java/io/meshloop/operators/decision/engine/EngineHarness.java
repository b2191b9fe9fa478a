package io.meshloop.operators.decision.engine;

import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Drives a {@link DecisionEngineFunction} window by window in Flink's keyed operator harness. */
final class EngineHarness implements AutoCloseable {

    static final long T0 = 1_740_787_200_000L;
    static final Duration IDLE = Duration.ofMinutes(5);

    final KeyedOneInputStreamOperatorTestHarness<String, Signal, Decision> harness;
    private int seen;

    EngineHarness(String policyYaml) throws Exception {
        this(policyYaml, null);
    }

    EngineHarness(String policyYaml, OperatorSubtaskState restore) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new DecisionEngineFunction(
                                        new PolicySource("test.yaml", policyYaml), IDLE)),
                        s -> s.key().service(),
                        Types.STRING);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
    }

    /**
     * The roll-up signal of one version of {@code service} for the window ending at {@code end}.
     */
    static Signal signal(
            String service, String version, long end, long requests, long errors, double p99) {
        return new Signal(
                SignalKey.service(service, version, SignalKey.ALL),
                Signal.SOURCE_SPANS,
                end - 10_000,
                end,
                requests,
                errors,
                requests / 10.0,
                requests == 0 ? 0 : (double) errors / requests,
                p99 / 3,
                p99 / 1.5,
                p99 / 1.2,
                p99,
                p99 * 1.1);
    }

    /** Feeds one window's signals, then the watermark at its end; returns the new decisions. */
    List<Decision> window(long end, Signal... signals) throws Exception {
        for (Signal s : signals) {
            harness.processElement(s, end - 1);
        }
        harness.processWatermark(new Watermark(end));
        List<Decision> all = harness.extractOutputValues();
        List<Decision> fresh = new ArrayList<>(all.subList(seen, all.size()));
        seen = all.size();
        return fresh;
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
