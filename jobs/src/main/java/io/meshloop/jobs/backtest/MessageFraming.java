package io.meshloop.jobs.backtest;

import io.meshloop.schemas.otlp.Encoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a file written by the OpenTelemetry Collector's file exporter (no compression) into its
 * messages: {@code otlp_json} is JSON lines (one OTLP/JSON {@code TracesData} per line, {@code \n}
 * separated, a trailing {@code \r} and blank lines ignored); {@code otlp_proto} is a sequence of
 * protobuf messages, each preceded by its length as a 4-byte big-endian unsigned integer.
 *
 * <p>Never throws on bad framing: a message cut short by the end of the file, or a length prefix
 * larger than {@link #MAX_MESSAGE_BYTES}, comes back as a {@link Message#broken() broken} message
 * holding the bytes that were there, and ends the file (after a bad length prefix there is no way
 * to find the next message). Not thread-safe; the caller closes the stream.
 */
public final class MessageFraming {

    /**
     * Largest accepted message, bytes (256 MiB: far above a Collector batch, below the 2 GiB a Java
     * array holds). A larger length prefix is taken as corruption.
     */
    public static final int MAX_MESSAGE_BYTES = 256 << 20;

    /**
     * One framed message.
     *
     * @param bytes its bytes (without the length prefix or line end)
     * @param broken why it is unusable as a whole (truncated, absurd length), or null when intact
     */
    public record Message(byte[] bytes, String broken) {}

    private final InputStream in;
    private final Encoding encoding;
    private boolean done;

    public MessageFraming(InputStream in, Encoding encoding) {
        this.in = in;
        this.encoding = encoding;
    }

    /** The next message, or null at the end of the file. */
    public Message next() throws IOException {
        if (done) {
            return null;
        }
        return encoding == Encoding.OTLP_PROTO ? nextProto() : nextLine();
    }

    private Message nextProto() throws IOException {
        byte[] header = new byte[4];
        int n = in.readNBytes(header, 0, 4);
        if (n == 0) {
            done = true;
            return null;
        }
        if (n < 4) {
            done = true;
            return new Message(
                    slice(header, n),
                    "file ends inside a 4-byte length prefix (" + n + " bytes left)");
        }
        long length =
                ((header[0] & 0xFFL) << 24)
                        | ((header[1] & 0xFFL) << 16)
                        | ((header[2] & 0xFFL) << 8)
                        | (header[3] & 0xFFL);
        if (length > MAX_MESSAGE_BYTES) {
            done = true;
            return new Message(
                    header,
                    "length prefix "
                            + length
                            + " exceeds "
                            + MAX_MESSAGE_BYTES
                            + " bytes: not a file exporter proto file, or compressed; rest of"
                            + " the file skipped");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            done = true;
            return new Message(
                    body,
                    "message truncated: length prefix says "
                            + length
                            + " bytes, file has "
                            + body.length);
        }
        return new Message(body, null);
    }

    private Message nextLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
        while (true) {
            int b = in.read();
            if (b < 0) {
                done = true;
                return line.size() == 0 || isBlank(line.toByteArray())
                        ? null
                        : new Message(trimCr(line.toByteArray()), null);
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                if (isBlank(bytes)) {
                    line.reset();
                    continue;
                }
                return new Message(trimCr(bytes), null);
            }
            if (line.size() >= MAX_MESSAGE_BYTES) {
                done = true;
                return new Message(
                        line.toByteArray(),
                        "line longer than "
                                + MAX_MESSAGE_BYTES
                                + " bytes: not JSON lines, or compressed; rest of the file"
                                + " skipped");
            }
            line.write(b);
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static byte[] trimCr(byte[] bytes) {
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r'
                ? slice(bytes, bytes.length - 1)
                : bytes;
    }

    private static byte[] slice(byte[] bytes, int n) {
        byte[] out = new byte[n];
        System.arraycopy(bytes, 0, out, 0, n);
        return out;
    }
}
