package io.meshloop.operators.decision.engine;

import io.meshloop.operators.decision.safety.FileKillSwitch;
import io.meshloop.operators.decision.safety.GlobalRateLimiter;
import io.meshloop.operators.decision.safety.KillSwitch;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.policy.Loop;
import io.meshloop.schemas.policy.Policy;
import io.meshloop.schemas.policy.PolicySet;
import io.meshloop.schemas.signal.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision engine, keyed by service: buffers the signals of each window, and when the watermark
 * passes the window's end (every signal of that window has arrived), evaluates every policy that
 * targets the service, in name order, and emits the resulting decisions.
 *
 * <p>State per service: the pending signals, one {@link LoopState} per policy (and per policy and
 * version for per-version hysteresis), and the time of the last signal; all of it is dropped once
 * the service has sent no signal for {@code idleTimeout}.
 *
 * <p>Global rails, applied to {@code enforce} decisions after the policy's own rails: the kill
 * switch (a file whose presence disables enforcement, checked for every decision) and the global
 * rate limit. A suppressed decision is recorded with mode {@code SUPPRESSED} and the loop's state
 * is left as it was before the evaluation, so the action is proposed again once the rail allows it.
 * The rate limiter counts per subtask and is not checkpointed: run the engine with parallelism 1
 * (the default of {@link DecisionEngine}) for an exact global limit; after a restart the last
 * minute's actions are forgotten.
 */
public final class DecisionEngineFunction extends KeyedProcessFunction<String, Signal, Decision> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngineFunction.class);

    /** Loops this engine version evaluates; policies of other loops are loaded but not run yet. */
    static final List<Loop> SUPPORTED =
            List.of(Loop.CANARY, Loop.SHIFT_AWAY, Loop.TIMEOUTS, Loop.OUTLIER_EJECTION);

    private final PolicySource source;
    private final long idleTimeoutMillis;

    private transient Map<String, List<Policy>> byService;
    private transient KillSwitch killSwitch;
    private transient GlobalRateLimiter rateLimiter;
    private transient ListState<Signal> pending;
    private transient MapState<String, LoopState> loops;
    private transient ValueState<Long> lastSignalAt;
    private transient Counter decisionsEnforce;
    private transient Counter decisionsDryRun;
    private transient Counter decisionsSuppressed;

    public DecisionEngineFunction(PolicySource source, Duration idleTimeout) {
        this.source = source;
        this.idleTimeoutMillis = idleTimeout.toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        PolicySet set = source.policies();
        byService = new HashMap<>();
        for (Policy p : set.policies()) {
            if (!SUPPORTED.contains(p.loop())) {
                LOG.warn(
                        "policy {}: loop {} is not evaluated by this engine version yet",
                        p.name(),
                        p.loop().yamlName());
                continue;
            }
            byService.computeIfAbsent(p.target().service(), k -> new ArrayList<>()).add(p);
        }
        killSwitch = new FileKillSwitch(set.settings().killSwitch());
        rateLimiter =
                new GlobalRateLimiter(
                        set.settings().maxActionsPerMinute(), Duration.ofMinutes(1).toMillis());
        pending =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending-signals", TypeInformation.of(Signal.class)));
        loops =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "loops",
                                        Types.STRING,
                                        TypeInformation.of(LoopState.class)));
        lastSignalAt =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-signal-at", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("decisions");
        decisionsEnforce = metrics.counter("enforce");
        decisionsDryRun = metrics.counter("dryRun");
        decisionsSuppressed = metrics.counter("suppressed");
    }

    @Override
    public void processElement(Signal signal, Context ctx, Collector<Decision> out)
            throws Exception {
        if (!byService.containsKey(signal.key().service()) || !ServiceFrame.uses(signal)) {
            return;
        }
        pending.add(signal);
        ctx.timerService().registerEventTimeTimer(signal.windowEnd());
        Long last = lastSignalAt.value();
        if (last == null || signal.windowEnd() > last) {
            lastSignalAt.update(signal.windowEnd());
            ctx.timerService().registerEventTimeTimer(signal.windowEnd() + idleTimeoutMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Decision> out)
            throws Exception {
        TreeMap<Long, List<Signal>> due = new TreeMap<>();
        List<Signal> keep = new ArrayList<>();
        for (Signal s : pending.get()) {
            if (s.windowEnd() <= timestamp) {
                due.computeIfAbsent(s.windowEnd(), k -> new ArrayList<>()).add(s);
            } else {
                keep.add(s);
            }
        }
        if (!due.isEmpty()) {
            pending.update(keep);
            for (Map.Entry<Long, List<Signal>> w : due.entrySet()) {
                evaluate(ServiceFrame.of(ctx.getCurrentKey(), w.getKey(), w.getValue()), out);
            }
        }
        Long last = lastSignalAt.value();
        if (last != null && timestamp >= last + idleTimeoutMillis && keep.isEmpty()) {
            pending.clear();
            loops.clear();
            lastSignalAt.clear();
        }
    }

    private void evaluate(ServiceFrame frame, Collector<Decision> out) throws Exception {
        for (Policy p : byService.getOrDefault(frame.service(), List.of())) {
            Map<String, LoopState> touched = new HashMap<>();
            Optional<Decision> d =
                    switch (p.loop()) {
                        case CANARY -> CanaryLoop.evaluate(p, frame, state(p.name(), touched));
                        case SHIFT_AWAY ->
                                ShiftAwayLoop.evaluate(
                                        p,
                                        frame,
                                        state(p.name(), touched),
                                        v -> state(p.name() + "/" + v, touched));
                        case TIMEOUTS -> TimeoutsLoop.evaluate(p, frame, state(p.name(), touched));
                        case OUTLIER_EJECTION ->
                                OutlierEjectionLoop.evaluate(
                                        p,
                                        frame,
                                        state(p.name(), touched),
                                        i -> state(p.name() + "/" + i, touched));
                        default -> Optional.empty();
                    };
            if (d.isEmpty()) {
                loops.putAll(touched);
                continue;
            }
            Decision decision = gate(d.get(), frame.windowEnd());
            if (decision.mode() != DecisionMode.SUPPRESSED) {
                loops.putAll(touched);
            }
            count(decision);
            out.collect(decision);
        }
    }

    /** A copy of the stored state, remembered in {@code touched} so it can be saved or dropped. */
    private LoopState state(String id, Map<String, LoopState> touched) {
        LoopState s = touched.get(id);
        if (s == null) {
            LoopState stored;
            try {
                stored = loops.get(id);
            } catch (Exception e) {
                throw new IllegalStateException("reading loop state " + id, e);
            }
            s = stored == null ? new LoopState() : copy(stored);
            touched.put(id, s);
        }
        return s;
    }

    private Decision gate(Decision d, long now) {
        if (d.mode() != DecisionMode.ENFORCE) {
            return d;
        }
        if (killSwitch.engaged()) {
            return Decisions.suppressed(
                    d, "kill-switch", "kill switch engaged: enforcement is off");
        }
        Optional<String> limited = rateLimiter.check(now);
        if (limited.isPresent()) {
            return Decisions.suppressed(d, "rate-limit", limited.get());
        }
        rateLimiter.record(now);
        return d;
    }

    private void count(Decision d) {
        switch (d.mode()) {
            case ENFORCE -> decisionsEnforce.inc();
            case DRY_RUN -> decisionsDryRun.inc();
            case SUPPRESSED -> decisionsSuppressed.inc();
        }
    }

    private static LoopState copy(LoopState s) {
        LoopState c = new LoopState();
        c.active = s.active;
        c.streak = s.streak;
        c.lastActionAt = s.lastActionAt;
        c.canaryWeight = s.canaryWeight;
        c.phase = s.phase;
        c.passSince = s.passSince;
        c.weights = s.weights == null ? null : new TreeMap<>(s.weights);
        c.before = s.before == null ? null : new TreeMap<>(s.before);
        c.activeDecisionId = s.activeDecisionId;
        c.timeoutMillis = s.timeoutMillis;
        return c;
    }
}
