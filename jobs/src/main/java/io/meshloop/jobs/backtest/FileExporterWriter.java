package io.meshloop.jobs.backtest;

import io.meshloop.schemas.otlp.Encoding;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes messages framed as the Collector's file exporter does without compression (the inverse of
 * {@link MessageFraming}): {@code otlp_json} one message per line, {@code otlp_proto} each message
 * after its length as a 4-byte big-endian unsigned integer. For recording test input and fixtures.
 */
public final class FileExporterWriter implements AutoCloseable {

    private final OutputStream out;
    private final Encoding encoding;

    public FileExporterWriter(Path file, Encoding encoding) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.encoding = encoding;
    }

    /** Appends one message: a serialized {@code TracesData}, binary or OTLP/JSON. */
    public void write(byte[] message) throws IOException {
        if (encoding == Encoding.OTLP_PROTO) {
            int n = message.length;
            out.write(
                    new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            out.write(message);
        } else {
            out.write(message);
            out.write('\n');
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
