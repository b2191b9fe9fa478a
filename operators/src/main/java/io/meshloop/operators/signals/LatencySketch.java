package io.meshloop.operators.signals;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.util.Iterator;

/**
 * The latency sketch used throughout the signals path, and its compact byte encoding.
 *
 * <p><b>Sketch.</b> A DDSketch with 1% relative accuracy on the logarithmic index mapping (the
 * mapping with the fewest bins for a given accuracy), over a dense store that collapses its lowest
 * bins beyond {@value #MAX_BINS} bins. 2048 bins of ratio {@code (1.01/0.99)} span a value range of
 * about 10^17, so collapsing never happens for latencies between a nanosecond and years; the bound
 * only caps memory: at most 2048 × 8 bytes = 16 KiB of counts per sketch, typically a few hundred
 * bytes (the store grows to the occupied index range). A quantile {@code q} is within 1% of the
 * value of rank {@code floor(q·(n-1))} of the merged samples.
 *
 * <p><b>Encoding.</b> Latencies are never negative, so only the zero count and the positive store
 * are encoded, with LEB128 varints: {@code [format][zeroCount][minIndex zigzag]} then either dense
 * ({@code [binCount][count]...}, one varint per index in range, zeros included) or sparse ({@code
 * [nonEmpty][count][gap][count]...}), whichever is smaller. 100 lognormal samples take about
 * 100–150 bytes; DDSketch's own {@code serialize()} is larger because it also writes the index
 * mapping and 8-byte counts. Counts are integral (we only ever add whole requests).
 */
public final class LatencySketch {

    /** Relative accuracy of every latency quantile. */
    public static final double RELATIVE_ACCURACY = 0.01;

    /** Bound on the dense store's bins (memory cap; see class javadoc). */
    public static final int MAX_BINS = 2048;

    private static final byte EMPTY = 0;
    private static final byte DENSE = 1;
    private static final byte SPARSE = 2;

    private LatencySketch() {}

    /** A new, empty sketch of the one kind this pipeline uses. */
    public static DDSketch newSketch() {
        return DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
    }

    /** Adds {@code count} samples of {@code valueMs}; negative values are clamped to 0. */
    public static void add(DDSketch sketch, double valueMs, long count) {
        if (count > 0) {
            sketch.accept(Math.max(0.0, valueMs), count);
        }
    }

    /** Encodes a sketch built by {@link #newSketch()}. */
    public static byte[] encode(DDSketch sketch) {
        Store store = sketch.getPositiveValueStore();
        long zero = Math.round(sketch.getCount() - store.getTotalCount());
        if (store.isEmpty()) {
            if (zero == 0) {
                return new byte[] {EMPTY};
            }
            VarBytes out = new VarBytes(8);
            out.writeByte(DENSE);
            out.writeVarLong(zero);
            out.writeVarLong(0);
            out.writeVarLong(0);
            return out.toByteArray();
        }
        int min = store.getMinIndex();
        int max = store.getMaxIndex();
        long[] counts = new long[max - min + 1];
        int nonEmpty = 0;
        for (Iterator<Bin> it = store.getAscendingIterator(); it.hasNext(); ) {
            Bin bin = it.next();
            long c = Math.round(bin.getCount());
            if (c > 0) {
                counts[bin.getIndex() - min] += c;
                nonEmpty++;
            }
        }
        int denseBytes = 0;
        int sparseBytes = VarBytes.sizeOfVarLong(nonEmpty);
        int last = -1;
        for (int i = 0; i < counts.length; i++) {
            denseBytes += VarBytes.sizeOfVarLong(counts[i]);
            if (counts[i] > 0) {
                sparseBytes +=
                        VarBytes.sizeOfVarLong(counts[i])
                                + (last < 0 ? 0 : VarBytes.sizeOfVarLong(i - last));
                last = i;
            }
        }
        boolean dense = denseBytes + VarBytes.sizeOfVarLong(counts.length) <= sparseBytes;
        VarBytes out = new VarBytes(16 + Math.min(denseBytes, sparseBytes));
        out.writeByte(dense ? DENSE : SPARSE);
        out.writeVarLong(zero);
        out.writeVarLong(VarBytes.zigzag(min));
        if (dense) {
            out.writeVarLong(counts.length);
            for (long c : counts) {
                out.writeVarLong(c);
            }
        } else {
            out.writeVarLong(nonEmpty);
            last = -1;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    if (last >= 0) {
                        out.writeVarLong(i - last);
                    }
                    out.writeVarLong(counts[i]);
                    last = i;
                }
            }
        }
        return out.toByteArray();
    }

    /** Decodes {@link #encode} output into a new sketch. */
    public static DDSketch decode(byte[] bytes) {
        DDSketch sketch = newSketch();
        mergeInto(bytes, sketch);
        return sketch;
    }

    /** Adds the encoded samples to {@code target} (a sketch built by {@link #newSketch()}). */
    public static void mergeInto(byte[] bytes, DDSketch target) {
        if (bytes == null || bytes.length == 0 || bytes[0] == EMPTY) {
            return;
        }
        VarBytes.Reader in = new VarBytes.Reader(bytes, 1);
        byte format = bytes[0];
        long zero = in.readVarLong();
        if (zero > 0) {
            target.accept(0.0, zero);
        }
        int index = (int) VarBytes.unzigzag(in.readVarLong());
        Store store = target.getPositiveValueStore();
        if (format == DENSE) {
            long n = in.readVarLong();
            for (long i = 0; i < n; i++, index++) {
                long c = in.readVarLong();
                if (c > 0) {
                    store.add(index, c);
                }
            }
        } else if (format == SPARSE) {
            long n = in.readVarLong();
            for (long i = 0; i < n; i++) {
                if (i > 0) {
                    index += (int) in.readVarLong();
                }
                store.add(index, in.readVarLong());
            }
        } else {
            throw new IllegalArgumentException("unknown latency sketch format byte " + format);
        }
    }
}
