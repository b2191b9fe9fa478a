package io.meshloop.operators.decision.engine;

import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.signal.Signal;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Adds the decision engine to a job graph: signals in, decisions out. */
public final class DecisionEngine {

    public static final String UID = "decision-engine";

    /** A service that sent no signal for this long is forgotten (its loop state is dropped). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

    private DecisionEngine() {}

    /**
     * Keyed by service, parallelism 1 by default (decision volume is tiny and a single subtask
     * keeps the global action rate limit exact; see {@link DecisionEngineFunction}).
     */
    public static DataStream<Decision> apply(DataStream<Signal> signals, PolicySource policies) {
        return signals.keyBy(s -> s.key().service(), Types.STRING)
                .process(new DecisionEngineFunction(policies, DEFAULT_IDLE_TIMEOUT))
                .returns(TypeInformation.of(Decision.class))
                .setParallelism(1)
                .uid(UID)
                .name("decision engine");
    }
}
