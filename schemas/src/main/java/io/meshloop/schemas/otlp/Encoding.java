package io.meshloop.schemas.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Encoding of an OpenTelemetry Collector Kafka exporter record value.
 *
 * <p>The Collector writes one exporter batch per record: {@code otlp_proto} is a protobuf {@code
 * TracesData} / {@code MetricsData}, {@code otlp_json} its OTLP/JSON form.
 */
public enum Encoding {
    OTLP_PROTO("otlp_proto"),
    OTLP_JSON("otlp_json");

    private final String configName;

    Encoding(String configName) {
        this.configName = configName;
    }

    /** The Collector's configuration name ({@code otlp_proto}, {@code otlp_json}). */
    public String configName() {
        return configName;
    }

    /**
     * Parses a configured encoding name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static Encoding fromConfigName(String name) {
        Encoding e = name == null ? null : byName(name.trim());
        if (e == null) {
            throw new IllegalArgumentException(
                    "encoding: '" + name + "' is not one of otlp_proto, otlp_json");
        }
        return e;
    }

    /** Maps {@code otlp_proto}/{@code otlp_json} (case-insensitive); null when unknown. */
    static Encoding byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("otlp_proto")) {
            return OTLP_PROTO;
        }
        if (n.equals("otlp_json")) {
            return OTLP_JSON;
        }
        return null;
    }

    /**
     * Maps a {@code content-type} value ({@code application/x-protobuf}, {@code
     * application/protobuf}, {@code application/json}, parameters such as {@code ;charset=utf-8}
     * ignored); null when unknown.
     */
    static Encoding byContentType(String contentType) {
        int semi = contentType.indexOf(';');
        String n =
                (semi >= 0 ? contentType.substring(0, semi) : contentType)
                        .trim()
                        .toLowerCase(Locale.ROOT);
        return switch (n) {
            case "application/x-protobuf", "application/protobuf" -> OTLP_PROTO;
            case "application/json" -> OTLP_JSON;
            default -> null;
        };
    }

    /**
     * Decides the encoding of one record from its headers, falling back to the configured one.
     *
     * <p>A header {@code encoding} or {@code otlp-encoding} ({@code otlp_proto}|{@code otlp_json})
     * wins over {@code content-type}; header names are case-insensitive. A recognised header with a
     * value this pipeline does not know yields an unknown resolution (decoders dead-letter it as
     * {@code UNKNOWN_ENCODING}); it never throws.
     *
     * @param configured encoding used when no header names one
     * @param headers the record's headers, e.g. {@code v -> rec.headers().forEach(h ->
     *     v.header(h.key(), h.value()))}
     */
    public static EncodingResolution resolve(Encoding configured, RecordHeaders headers) {
        HeaderScan scan = new HeaderScan();
        if (headers != null) {
            headers.forEach(scan);
        }
        if (scan.explicitRaw != null) {
            Encoding e = byName(scan.explicitRaw.trim());
            return e != null
                    ? EncodingResolution.of(e)
                    : EncodingResolution.unknown(scan.explicitRaw);
        }
        if (scan.contentTypeRaw != null) {
            Encoding e = byContentType(scan.contentTypeRaw);
            return e != null
                    ? EncodingResolution.of(e)
                    : EncodingResolution.unknown(scan.contentTypeRaw);
        }
        return EncodingResolution.of(configured);
    }

    private static final class HeaderScan implements RecordHeaders.Visitor {
        String explicitRaw;
        String contentTypeRaw;

        @Override
        public void header(String name, byte[] value) {
            if (name == null) {
                return;
            }
            String v = value == null ? "" : new String(value, StandardCharsets.UTF_8);
            if (name.equalsIgnoreCase("encoding") || name.equalsIgnoreCase("otlp-encoding")) {
                explicitRaw = v;
            } else if (name.equalsIgnoreCase("content-type")) {
                contentTypeRaw = v;
            }
        }
    }
}
