package io.meshloop.operators.signals;

import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.telemetry.Span;
import io.meshloop.schemas.telemetry.SpanKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Which signal series a span counts towards.
 *
 * <ul>
 *   <li>SERVER and CONSUMER spans: {@code service(service, version, route)} when the route is
 *       known, the roll-up {@code service(service, version, *)}, and {@code instance(service,
 *       version, instance)} when the instance is known.
 *   <li>SERVER spans whose parent is a different service and not a CLIENT span (the caller's client
 *       side is not instrumented): {@code edge(parentService, service, version)}.
 *   <li>CLIENT spans with a callee ({@link Span#callee()}): {@code edge(service, callee, null)};
 *       the callee's version is not known from the caller's side.
 *   <li>INTERNAL, PRODUCER and UNSPECIFIED spans: nothing.
 * </ul>
 *
 * A SERVER span whose parent is an instrumented CLIENT span does not add an edge: the CLIENT span
 * already did, so the call is not counted twice.
 */
public final class SpanSignalKeys {

    private SpanSignalKeys() {}

    /** Whether {@link #keysOf} is non-empty, without building the keys. */
    public static boolean hasKeys(Span span) {
        SpanKind kind = span.kind();
        return kind == SpanKind.SERVER
                || kind == SpanKind.CONSUMER
                || (kind == SpanKind.CLIENT && span.callee() != null);
    }

    public static List<SignalKey> keysOf(Span span) {
        List<SignalKey> keys = new ArrayList<>(4);
        SpanKind kind = span.kind();
        if (kind == SpanKind.SERVER || kind == SpanKind.CONSUMER) {
            if (span.route() != null) {
                keys.add(SignalKey.service(span.service(), span.version(), span.route()));
            }
            keys.add(SignalKey.service(span.service(), span.version(), SignalKey.ALL));
            if (span.instance() != null) {
                keys.add(SignalKey.instance(span.service(), span.version(), span.instance()));
            }
            if (kind == SpanKind.SERVER
                    && span.parentService() != null
                    && !span.parentService().equals(span.service())
                    && span.parentKind() != SpanKind.CLIENT) {
                keys.add(SignalKey.edge(span.parentService(), span.service(), span.version()));
            }
        } else if (kind == SpanKind.CLIENT && span.callee() != null) {
            keys.add(SignalKey.edge(span.service(), span.callee(), null));
        }
        return keys;
    }
}
