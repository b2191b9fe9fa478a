package io.meshloop.operators.signals;

import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.telemetry.Span;
import io.meshloop.schemas.telemetry.SpanKind;
import java.util.List;
import java.util.Map;

/**
 * One pane's spans grouped by everything that decides their signal keys ({@link SpanSignalKeys}): a
 * <i>cell</i> per (side, service, version, route, instance, edge peer). A span costs one lookup
 * here and one sketch insert into its cell; the cell knows the 1–4 {@link PaneAccumulator}s of its
 * keys and is merged into them once, when the pane is flushed ({@link #mergeInto()}).
 *
 * <p>Why: the roll-up ({@code route = *}), the per-route and the per-instance series get the same
 * spans, so inserting each span into every one of them (and building its {@link SignalKey}s to find
 * them) cost up to four key objects, four hash lookups on freshly hashed strings and four sketch
 * inserts per span. Merging DDSketches adds bin counts, so the result is exactly what inserting
 * every span into every key gives (same counts, errors, max and bins).
 *
 * <p>Lookups compare strings by reference first: the protobuf decoder returns repeated values as
 * the same instances (whose hash codes are cached), so the common case neither hashes nor compares
 * characters. Other spans (tests, JSON) are still grouped correctly via {@code equals}.
 *
 * <p>Not thread-safe; one per (pre-aggregator subtask, buffered pane).
 */
final class SpanCells {

    /** Server side (SERVER and CONSUMER spans) or client side (CLIENT spans with a callee). */
    private static final int SERVER_SIDE = 0;

    private static final int CLIENT_SIDE = 1;

    private Cell[] table = new Cell[64];
    private int size;

    /**
     * The cell of {@code span}, created on first use (its accumulators are looked up in, or added
     * to, {@code byKey}); null when the span counts towards no signal.
     *
     * @param created receives the number of accumulators added to {@code byKey}
     */
    Cell cellOf(Span span, Map<SignalKey, PaneAccumulator> byKey, int[] created) {
        SpanKind kind = span.kind();
        String service = span.service();
        int side;
        String version;
        String route;
        String instance;
        String peer;
        if (kind == SpanKind.SERVER || kind == SpanKind.CONSUMER) {
            side = SERVER_SIDE;
            version = span.version();
            route = span.route();
            instance = span.instance();
            String parent = span.parentService();
            peer =
                    kind == SpanKind.SERVER
                                    && parent != null
                                    && !same(parent, service)
                                    && span.parentKind() != SpanKind.CLIENT
                            ? parent
                            : null;
        } else if (kind == SpanKind.CLIENT && span.callee() != null) {
            side = CLIENT_SIDE;
            version = null;
            route = null;
            instance = null;
            peer = span.callee();
        } else {
            return null;
        }
        int h = side;
        h = 31 * h + hash(service);
        h = 31 * h + hash(version);
        h = 31 * h + hash(route);
        h = 31 * h + hash(instance);
        h = 31 * h + hash(peer);
        h ^= h >>> 16;
        int slot = h & (table.length - 1);
        for (Cell c = table[slot]; c != null; c = c.next) {
            if (c.hash == h
                    && c.side == side
                    && same(c.service, service)
                    && same(c.version, version)
                    && same(c.route, route)
                    && same(c.instance, instance)
                    && same(c.peer, peer)) {
                return c;
            }
        }
        List<SignalKey> keys = SpanSignalKeys.keysOf(span);
        PaneAccumulator[] targets = new PaneAccumulator[keys.size()];
        int added = 0;
        for (int i = 0; i < targets.length; i++) {
            PaneAccumulator acc = byKey.get(keys.get(i));
            if (acc == null) {
                acc = new PaneAccumulator();
                byKey.put(keys.get(i), acc);
                added++;
            }
            targets[i] = acc;
        }
        created[0] = added;
        Cell c = new Cell(h, side, service, version, route, instance, peer, targets);
        c.next = table[slot];
        table[slot] = c;
        if (++size > table.length * 3 / 4) {
            resize();
        }
        return c;
    }

    /** Adds every cell's aggregate to the accumulators of its keys. */
    void mergeInto() {
        for (Cell head : table) {
            for (Cell c = head; c != null; c = c.next) {
                for (PaneAccumulator target : c.targets) {
                    target.merge(c.acc);
                }
            }
        }
    }

    private void resize() {
        Cell[] old = table;
        table = new Cell[old.length * 2];
        for (Cell head : old) {
            Cell c = head;
            while (c != null) {
                Cell next = c.next;
                int slot = c.hash & (table.length - 1);
                c.next = table[slot];
                table[slot] = c;
                c = next;
            }
        }
    }

    private static int hash(String s) {
        return s == null ? 0 : s.hashCode();
    }

    private static boolean same(String a, String b) {
        return a == b || (a != null && a.equals(b));
    }

    /** The spans of one key combination in one pane, and the accumulators they count towards. */
    static final class Cell {
        final int hash;
        final int side;
        final String service;
        final String version;
        final String route;
        final String instance;
        final String peer;
        final PaneAccumulator[] targets;
        final PaneAccumulator acc = new PaneAccumulator();
        Cell next;

        Cell(
                int hash,
                int side,
                String service,
                String version,
                String route,
                String instance,
                String peer,
                PaneAccumulator[] targets) {
            this.hash = hash;
            this.side = side;
            this.service = service;
            this.version = version;
            this.route = route;
            this.instance = instance;
            this.peer = peer;
            this.targets = targets;
        }

        void add(double latencyMs, boolean error) {
            acc.add(latencyMs, error);
        }
    }
}
