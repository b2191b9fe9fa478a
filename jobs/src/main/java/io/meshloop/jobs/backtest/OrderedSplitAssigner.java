package io.meshloop.jobs.backtest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out the files of one lane in reading order ({@link RecordedFiles#readingOrder}), whatever
 * order the enumerator found them in and whichever reader asks. Flink's default assigner prefers
 * locality and does not keep an order, which would let a reader take a newer file before an older
 * one and turn the older one's spans late.
 */
final class OrderedSplitAssigner implements FileSplitAssigner {

    private static final Comparator<FileSourceSplit> ORDER =
            Comparator.comparing(
                            (FileSourceSplit s) -> RecordedFiles.readingOrder(s.path().getName()))
                    .thenComparing(s -> s.path().toString());

    private final List<FileSourceSplit> splits;

    OrderedSplitAssigner(Collection<FileSourceSplit> splits) {
        this.splits = new ArrayList<>(splits);
        this.splits.sort(ORDER);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        return splits.isEmpty() ? Optional.empty() : Optional.of(splits.remove(0));
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> more) {
        splits.addAll(more);
        splits.sort(ORDER);
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return new ArrayList<>(splits);
    }
}
