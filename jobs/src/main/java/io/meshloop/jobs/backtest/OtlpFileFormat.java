package io.meshloop.jobs.backtest;

import io.meshloop.jobs.io.OtlpRecordDeserializer;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.otlp.DeadLetters;
import io.meshloop.schemas.otlp.DecoderLimits;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.schemas.otlp.OtlpTraceDecoder;
import io.meshloop.schemas.otlp.RecordOrigin;
import io.meshloop.schemas.otlp.TelemetryCollector;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;

/**
 * Reads a file of the Collector's file exporter (see {@link MessageFraming}) and decodes every
 * message with {@link OtlpTraceDecoder} inside the source, so the source assigns watermarks from
 * the spans' own end times, as the Kafka source does. One batch per message.
 *
 * <p>A message that cannot be used becomes a dead letter whose origin is the file (as {@code
 * topic}) and the message's 0-based index in it (as {@code offset}; {@code partition} is -1). The
 * origin has no record timestamp, so the decoder's checks relative to the arrival time are skipped:
 * recordings may be old; the absolute sanity bounds still apply.
 *
 * <p>A file is one split and is never split. A restored reader decodes the file again from its
 * start and skips the items already emitted (decoding is deterministic), so message indexes stay
 * right; backtests do not checkpoint, so this is only for completeness.
 */
public final class OtlpFileFormat implements BulkFormat<DecodedTelemetry, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    private final Encoding encoding;
    private final DecoderLimits limits;

    public OtlpFileFormat(Encoding encoding, DecoderLimits limits) {
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public Reader<DecodedTelemetry> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new FileReader(split.path(), encoding, new OtlpTraceDecoder(limits), 0);
    }

    @Override
    public Reader<DecodedTelemetry> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long skip =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        return new FileReader(split.path(), encoding, new OtlpTraceDecoder(limits), skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    /** The same type (and no-copy serializer) as the Kafka source's. */
    @Override
    public TypeInformation<DecodedTelemetry> getProducedType() {
        return new OtlpRecordDeserializer(OtlpRecordDeserializer.Signal.TRACES, encoding, limits)
                .getProducedType();
    }

    /** The file name dead letters carry: the path without the {@code file:} scheme. */
    static String fileName(Path path) {
        String p = path.toUri().getPath();
        return p == null || p.isEmpty() ? path.toString() : p;
    }

    private static final class FileReader implements Reader<DecodedTelemetry> {
        private final InputStream in;
        private final MessageFraming framing;
        private final OtlpTraceDecoder decoder;
        private final String file;
        private final Encoding encoding;
        private long messageIndex;
        private long emitted;

        /** The rest of a message partly emitted before a restore. */
        private List<DecodedTelemetry> pending;

        FileReader(Path path, Encoding encoding, OtlpTraceDecoder decoder, long skip)
                throws IOException {
            this.in = new BufferedInputStream(path.getFileSystem().open(path), 1 << 16);
            this.framing = new MessageFraming(in, encoding);
            this.decoder = decoder;
            this.file = fileName(path);
            this.encoding = encoding;
            while (emitted < skip) {
                List<DecodedTelemetry> items = decodeNext();
                if (items == null) {
                    break;
                }
                if (emitted + items.size() > skip) {
                    int keep = (int) (skip - emitted);
                    pending = items.subList(keep, items.size());
                    emitted = skip;
                    break;
                }
                emitted += items.size();
            }
        }

        @Override
        public RecordIterator<DecodedTelemetry> readBatch() throws IOException {
            List<DecodedTelemetry> items;
            do {
                items = pending != null ? pending : decodeNext();
                pending = null;
                if (items == null) {
                    return null;
                }
            } while (items.isEmpty());
            IteratorResultIterator<DecodedTelemetry> batch =
                    new IteratorResultIterator<>(
                            items.iterator(), CheckpointedPosition.NO_OFFSET, emitted);
            emitted += items.size();
            return batch;
        }

        /** The items of the next message; null at the end of the file. */
        private List<DecodedTelemetry> decodeNext() throws IOException {
            MessageFraming.Message m = framing.next();
            if (m == null) {
                return null;
            }
            RecordOrigin origin = new RecordOrigin(file, -1, messageIndex++, -1);
            List<DecodedTelemetry> items = new ArrayList<>();
            TelemetryCollector out = TelemetryCollector.of(items::add);
            if (m.broken() != null) {
                out.deadLetter(
                        DeadLetters.ofRecord(
                                DeadLetterReason.UNDECODABLE,
                                m.broken(),
                                origin,
                                encoding.configName(),
                                1,
                                m.bytes()));
            } else {
                decoder.decode(m.bytes(), encoding, origin, out);
            }
            return items;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
