package io.meshloop.operators.ingest;

import io.meshloop.operators.signals.PanePartial;
import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.telemetry.Span;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Turns telemetry that arrived after its windows were emitted into {@code LATE} dead letters:
 * counted and kept, never silently lost.
 */
public final class LateSpans {

    public static final String UID = "late-spans-to-dead-letters";
    public static final String PARTIALS_UID = "late-partials-to-dead-letters";

    private LateSpans() {}

    public static DataStream<DeadLetter> toDeadLetters(DataStream<Span> late) {
        return late.map(new ToDeadLetter())
                .returns(TypeInformation.of(DeadLetter.class))
                .uid(UID)
                .name("late spans → dead letters");
    }

    /**
     * The dead letter for one late span: the span's identity is the payload, so it can be found.
     */
    public static DeadLetter deadLetter(Span span) {
        String identity =
                "trace_id="
                        + span.traceId()
                        + " span_id="
                        + span.spanId()
                        + " service="
                        + span.service()
                        + " end_unix_nanos="
                        + span.endUnixNanos();
        byte[] payload = identity.getBytes(StandardCharsets.UTF_8);
        return new DeadLetter(
                DeadLetterReason.LATE,
                "span of service '"
                        + span.service()
                        + "' ended at "
                        + span.endEpochMillis()
                        + " ms, after every window holding it had been emitted",
                null,
                -1,
                -1,
                -1,
                null,
                1,
                Base64.getEncoder().encodeToString(payload),
                payload.length);
    }

    /** Turns pane partials that arrived after their windows were emitted into dead letters. */
    public static DataStream<DeadLetter> partialsToDeadLetters(DataStream<PanePartial> late) {
        return late.map(new PartialToDeadLetter())
                .returns(TypeInformation.of(DeadLetter.class))
                .uid(PARTIALS_UID)
                .name("late pane partials → dead letters");
    }

    /**
     * The dead letter for a late pane partial: it stands for {@code count} requests of one series
     * that reached the keyed window operator after its windows had fired.
     */
    public static DeadLetter deadLetter(PanePartial partial) {
        byte[] payload =
                (partial.key().asString() + " pane_start=" + partial.paneStart())
                        .getBytes(StandardCharsets.UTF_8);
        return new DeadLetter(
                DeadLetterReason.LATE,
                partial.count()
                        + " "
                        + partial.source()
                        + " requests of series '"
                        + partial.key().asString()
                        + "' in the pane starting at "
                        + partial.paneStart()
                        + " ms arrived after every window holding it had been emitted",
                null,
                -1,
                -1,
                -1,
                null,
                (int) Math.min(Integer.MAX_VALUE, partial.count()),
                Base64.getEncoder().encodeToString(payload),
                payload.length);
    }

    private static final class PartialToDeadLetter implements MapFunction<PanePartial, DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public DeadLetter map(PanePartial partial) {
            return deadLetter(partial);
        }
    }

    private static final class ToDeadLetter implements MapFunction<Span, DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public DeadLetter map(Span span) {
            return deadLetter(span);
        }
    }
}
