package io.meshloop.schemas.otlp;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import java.util.Base64;

/** Builds {@link DeadLetter}s with the origin, encoding and a payload cut to 4 KiB. */
public final class DeadLetters {

    /** Largest payload kept in a dead letter, bytes. */
    public static final int MAX_PAYLOAD_BYTES = 4096;

    /** Longest value quoted in a detail, characters. */
    static final int MAX_QUOTED_CHARS = 128;

    private DeadLetters() {}

    /**
     * A dead letter for {@code payload[off, off+len)}.
     *
     * @param encoding encoding name as configured or as received in a header
     */
    public static DeadLetter of(
            DeadLetterReason reason,
            String detail,
            RecordOrigin origin,
            String encoding,
            int items,
            byte[] payload,
            int off,
            int len) {
        RecordOrigin o = origin == null ? RecordOrigin.unknown() : origin;
        String b64 = "";
        int size = 0;
        if (payload != null) {
            size = Math.max(0, Math.min(len, payload.length - off));
            b64 =
                    Base64.getEncoder()
                            .encodeToString(
                                    java.util.Arrays.copyOfRange(
                                            payload, off, off + Math.min(size, MAX_PAYLOAD_BYTES)));
        }
        return new DeadLetter(
                reason,
                detail,
                o.topic(),
                o.partition(),
                o.offset(),
                o.timestampMs(),
                encoding,
                items,
                b64,
                size);
    }

    /** A dead letter for a whole record value. */
    public static DeadLetter ofRecord(
            DeadLetterReason reason,
            String detail,
            RecordOrigin origin,
            String encoding,
            int items,
            byte[] value) {
        return of(
                reason,
                detail,
                origin,
                encoding,
                items,
                value,
                0,
                value == null ? 0 : value.length);
    }

    /** Quotes a value for a detail, cut to {@value #MAX_QUOTED_CHARS} characters. */
    /**
     * The dead letter for a record whose headers named an encoding this pipeline does not know, or
     * null when the encoding is known.
     */
    static DeadLetter unknownEncoding(
            byte[] value, EncodingResolution encoding, RecordOrigin origin) {
        if (encoding != null && encoding.isKnown()) {
            return null;
        }
        String raw = encoding == null ? null : encoding.rawValue();
        return ofRecord(
                DeadLetterReason.UNKNOWN_ENCODING,
                "encoding header " + quote(raw) + " is not otlp_proto|otlp_json",
                origin,
                raw,
                1,
                value);
    }

    /**
     * The dead letter for a record that cannot be decoded at all (empty value, no encoding), or
     * null when decoding can start.
     */
    static DeadLetter unusableRecord(byte[] value, Encoding encoding, RecordOrigin origin) {
        String enc = encoding == null ? "null" : encoding.configName();
        if (value == null || value.length == 0) {
            return ofRecord(
                    DeadLetterReason.EMPTY_RECORD, "record value is empty", origin, enc, 1, value);
        }
        if (encoding == null) {
            return ofRecord(
                    DeadLetterReason.UNKNOWN_ENCODING, "encoding is null", origin, enc, 1, value);
        }
        return null;
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        if (value.length() > MAX_QUOTED_CHARS) {
            return "'"
                    + value.substring(0, MAX_QUOTED_CHARS)
                    + "...' ("
                    + value.length()
                    + " chars)";
        }
        return "'" + value + "'";
    }
}
