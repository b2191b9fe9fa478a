package io.meshloop.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.meshloop.schemas.signal.SignalKey;
import java.util.Random;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Keyed state per active (service, version, route) key must stay within 2 KiB. A realistic key: 100
 * requests/s, lognormal latencies (median 30 ms, sigma 0.5), 10 one-second panes held.
 */
class KeyedStateSizeTest {

    static final int BUDGET_BYTES = 2048;

    /** Managed keyed state bytes of a harness snapshot (all key groups, all states). */
    static long snapshotBytes(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h, long id)
            throws Exception {
        OperatorSubtaskState s = h.snapshot(id, id);
        long bytes = 0;
        for (KeyedStateHandle handle : s.getManagedKeyedState()) {
            bytes += handle.getStateSize();
        }
        return bytes;
    }

    static void addRealisticKey(
            KeyedOneInputStreamOperatorTestHarness<String, PanePartial, ?> h,
            SignalKey key,
            Random rnd)
            throws Exception {
        for (PanePartial p : realisticKey(key, rnd)) {
            h.processElement(p, p.paneStart() + 999);
        }
    }

    static java.util.List<PanePartial> realisticKey(SignalKey key, Random rnd) {
        java.util.List<PanePartial> partials = new java.util.ArrayList<>();
        for (int pane = 0; pane < 10; pane++) {
            DDSketch s = LatencySketch.newSketch();
            double max = 0;
            int errors = 0;
            for (int i = 0; i < 100; i++) {
                double l = Math.exp(Math.log(30) + 0.5 * rnd.nextGaussian());
                LatencySketch.add(s, l, 1);
                max = Math.max(max, l);
                errors += rnd.nextInt(100) == 0 ? 1 : 0;
            }
            long paneStart = 1_700_000_000_000L + pane * 1000L;
            partials.add(
                    new PanePartial(
                            key, "spans", paneStart, 100, errors, max, LatencySketch.encode(s)));
        }
        return partials;
    }

    @Test
    void realisticKeyStaysWithinTwoKiB() throws Exception {
        Random rnd = new Random(1);
        SignalWindowFunction fn =
                new SignalWindowFunction(SignalWindowConfig.ofDefaults(), "spans");
        try (var h = SignalWindowFunctionTest.harness(fn)) {
            h.processWatermark(new Watermark(1_700_000_000_000L - 1));
            addRealisticKey(h, SignalKey.service("checkout", "v1", "/api/v1/pay"), rnd);
            long one = snapshotBytes(h, 1);
            int extra = 10;
            for (int k = 0; k < extra; k++) {
                addRealisticKey(h, SignalKey.service("checkout", "v1", "/api/v1/r" + k), rnd);
            }
            long perKeySnapshot = (snapshotBytes(h, 2) - one) / extra;

            // The value itself (the same partials through the pure ring), plus the key.
            PaneRing pure = new PaneRing(new Panes(SignalWindowConfig.ofDefaults()));
            for (PanePartial p :
                    realisticKey(
                            SignalKey.service("checkout", "v1", "/api/v1/pay"), new Random(1))) {
                pure.merge(p);
            }
            byte[] ring = pure.encode();
            int keyBytes = serializedKeyBytes("service|checkout|v1|/api/v1/pay");
            int valueState = keyBytes + ring.length + 1;
            // A MapState<Long, pane> would repeat the key and namespace and add an 8-byte user key
            // per pane (RocksDB layout), with about the same value bytes in total.
            int mapStateEstimate = ring.length + 10 * (keyBytes + 1 + 8);

            System.out.printf(
                    "keyed state per key: snapshot delta %d B, ValueState value+key %d B"
                            + " (ring %d B), MapState estimate %d B%n",
                    perKeySnapshot, valueState, ring.length, mapStateEstimate);
            assertThat(perKeySnapshot).isLessThanOrEqualTo(BUDGET_BYTES);
            assertThat(valueState).isLessThanOrEqualTo(BUDGET_BYTES);
            assertThat(valueState).isLessThan(mapStateEstimate);
        }
    }

    private static int serializedKeyBytes(String key) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        StringSerializer.INSTANCE.serialize(key, out);
        return out.length();
    }
}
