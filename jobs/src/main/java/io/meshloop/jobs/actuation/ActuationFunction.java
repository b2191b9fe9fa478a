package io.meshloop.jobs.actuation;

import io.meshloop.actuators.MeshClient;
import io.meshloop.actuators.PermanentMeshException;
import io.meshloop.actuators.RetryableMeshException;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.json.DecisionJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies decisions to the mesh, one service at a time and in order, and emits one {@link
 * ActuationResult} per decision. Keyed by {@link #keyOf service}: every object a decision touches
 * (VirtualService, DestinationRule, policies) is named after its namespace and service, so that is
 * the unit whose writes must not be reordered or run concurrently.
 *
 * <p>Per key:
 *
 * <ul>
 *   <li>{@code DRY_RUN} and {@code SUPPRESSED} decisions are handed to the client at once (it
 *       returns {@code SKIPPED_DRY_RUN} without reading or writing), never queued;
 *   <li>an {@code ENFORCE} decision is applied at once when nothing is queued. If the mesh stays
 *       unavailable through the client's own retries ({@link RetryableMeshException}), the decision
 *       is queued in keyed state and retried on a processing-time timer with backoff ({@link
 *       ActuationSettings#backoffMillis}), for as long as it takes; later decisions queue behind
 *       it, and one that supersedes a queued decision ({@link ActuationQueue}) drops it with a
 *       {@code NOOP} result saying so. When an attempt succeeds the queue drains in order;
 *   <li>permanent errors are results ({@code REJECTED}/{@code FAILED}), never exceptions.
 * </ul>
 *
 * <p>State: the queue (decisions as their {@code meshloop.decisions} JSON, so the checkpoint format
 * is the decision record format with its schema and golden file) and the head's failure count; both
 * are cleared when the queue drains, so an idle service holds no state. Re-applying a decision
 * after a restore is harmless: desired state is absolute and the client writes only a real
 * difference ({@code NOOP}).
 *
 * <p>Metrics, group {@code actuations}: one counter per outcome ({@code applied}, {@code noop},
 * {@code skipped_dry_run}, {@code rejected}, {@code failed}), {@code retried} (attempts deferred to
 * a timer), {@code superseded} (also counted in {@code noop}).
 */
public class ActuationFunction extends KeyedProcessFunction<String, Decision, ActuationResult> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ActuationFunction.class);

    private final MeshConnector connector;
    private final ActuationSettings settings;

    private transient MeshSession session;
    private transient MeshClient client;
    private transient DecisionJson json;
    private transient ListState<byte[]> queue;
    private transient ValueState<Integer> failures;
    private transient Map<Outcome, Counter> outcomes;
    private transient Counter retried;
    private transient Counter superseded;

    public ActuationFunction(MeshConnector connector, ActuationSettings settings) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The key of a decision: {@code <namespace>/<service>}, namespace {@code default} if unset. */
    public static String keyOf(Decision d) {
        String ns = d.target().namespace();
        return (ns == null ? "default" : ns) + '/' + d.target().service();
    }

    @Override
    public void open(OpenContext ctx) {
        session = connector.open(Clock.systemUTC(), settings.clientRetry());
        client = session.client();
        json = new DecisionJson();
        queue =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "queued-decisions",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        failures =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("head-failures", Types.INT));
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("actuations");
        outcomes = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, metrics.counter(o.name().toLowerCase(Locale.ROOT)));
        }
        retried = metrics.counter("retried");
        superseded = metrics.counter("superseded");
    }

    @Override
    public void close() throws Exception {
        if (session != null) {
            session.close();
        }
    }

    @Override
    public void processElement(Decision d, Context ctx, Collector<ActuationResult> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        List<Decision> queued = queued();
        if (d.mode() == DecisionMode.ENFORCE && !queued.isEmpty()) {
            ActuationQueue.Added added = ActuationQueue.add(queued, d);
            for (Decision old : added.superseded()) {
                superseded.inc();
                emit(
                        new ActuationResult(
                                old.id(),
                                now,
                                client.mesh(),
                                Outcome.NOOP,
                                List.of(),
                                "superseded by decision "
                                        + d.id()
                                        + " (same target and action) while waiting for the mesh;"
                                        + " not applied"),
                        out);
            }
            store(added.queue());
            return;
        }
        ActuationResult r = tryApply(d, now);
        if (r != null) {
            emit(r, out);
            return;
        }
        List<Decision> next = new ArrayList<>(queued);
        next.add(d);
        store(next);
        if (queued.isEmpty()) {
            failures.update(1);
            ctx.timerService().registerProcessingTimeTimer(now + settings.backoffMillis(1));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ActuationResult> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        List<Decision> queued = queued();
        int i = 0;
        while (i < queued.size()) {
            ActuationResult r = tryApply(queued.get(i), now);
            if (r == null) {
                Integer before = failures.value();
                int failed = (before == null ? 0 : before) + 1;
                failures.update(failed);
                store(queued.subList(i, queued.size()));
                ctx.timerService()
                        .registerProcessingTimeTimer(now + settings.backoffMillis(failed));
                return;
            }
            emit(r, out);
            i++;
        }
        queue.clear();
        failures.clear();
    }

    /** The client's result, or null when the mesh is unavailable and the decision must wait. */
    private ActuationResult tryApply(Decision d, long now) {
        try {
            return client.apply(d);
        } catch (RetryableMeshException e) {
            retried.inc();
            LOG.warn(
                    "mesh unavailable for decision {} on {}, keeping it queued: {}",
                    d.id(),
                    keyOf(d),
                    e.getMessage());
            return null;
        } catch (PermanentMeshException e) {
            // the contract says apply reports these as results; an adapter that throws is tolerated
            return new ActuationResult(
                    d.id(), now, client.mesh(), e.outcome(), List.of(), e.getMessage());
        }
    }

    private void emit(ActuationResult r, Collector<ActuationResult> out) {
        outcomes.get(r.outcome()).inc();
        if (r.outcome() == Outcome.FAILED || r.outcome() == Outcome.REJECTED) {
            LOG.warn("decision {} {}: {}", r.decisionId(), r.outcome(), r.reason());
        }
        out.collect(r);
    }

    private List<Decision> queued() throws Exception {
        List<Decision> list = new ArrayList<>();
        Iterable<byte[]> stored = queue.get();
        if (stored != null) {
            for (byte[] b : stored) {
                list.add(json.fromJson(b));
            }
        }
        return list;
    }

    private void store(List<Decision> decisions) throws Exception {
        List<byte[]> bytes = new ArrayList<>(decisions.size());
        for (Decision d : decisions) {
            bytes.add(json.toJson(d));
        }
        queue.update(bytes);
    }
}
