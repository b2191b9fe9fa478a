package io.meshloop.schemas.otlp;

/**
 * The encoding chosen for one record: a known {@link Encoding}, or the raw header value that named
 * an encoding this pipeline does not understand.
 *
 * @param encoding the encoding, or null when unknown
 * @param rawValue the header value as received (for the dead letter), or the config name
 */
public record EncodingResolution(Encoding encoding, String rawValue) {

    public static EncodingResolution of(Encoding encoding) {
        if (encoding == null) {
            throw new IllegalArgumentException("encoding: must not be null");
        }
        return new EncodingResolution(encoding, encoding.configName());
    }

    public static EncodingResolution unknown(String rawValue) {
        return new EncodingResolution(null, rawValue);
    }

    public boolean isKnown() {
        return encoding != null;
    }
}
