package io.meshloop.benchmarks;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;

/**
 * Counts the elements of a stream into a job accumulator and drops them: with a discarding sink
 * after it, the job's output costs nothing but the count.
 */
final class CountAndDrop<T> extends RichFilterFunction<T> {

    private static final long serialVersionUID = 1L;

    private final String accumulator;
    private transient LongCounter counter;

    CountAndDrop(String accumulator) {
        this.accumulator = accumulator;
    }

    @Override
    public void open(OpenContext openContext) {
        counter = new LongCounter();
        getRuntimeContext().addAccumulator(accumulator, counter);
    }

    @Override
    public boolean filter(T value) {
        counter.add(1);
        return false;
    }
}
