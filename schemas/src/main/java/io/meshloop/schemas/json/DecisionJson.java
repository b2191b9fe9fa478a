package io.meshloop.schemas.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.meshloop.schemas.decision.Decision;
import java.io.IOException;

/**
 * JSON records of the topic {@code meshloop.decisions}; the format is fixed by {@code
 * schemas/decision.schema.json} and a golden file in the tests.
 *
 * <p>Field names are snake_case, enums are their names, absent parts of the desired state are left
 * out, and a NaN or infinite number (an evidence item without a threshold, say) is written as null
 * and read back as NaN, so that every record is strict JSON that Flink SQL's {@code json} format
 * reads. Reading rejects unknown fields. Thread-safe.
 */
public final class DecisionJson {

    private final ObjectWriter writer;
    private final ObjectReader reader;

    public DecisionJson() {
        SimpleModule doubles = new SimpleModule("meshloop-doubles");
        doubles.addSerializer(Double.TYPE, new FiniteOrNull());
        doubles.addSerializer(Double.class, new FiniteOrNull());
        doubles.addDeserializer(Double.TYPE, new NullAsNaN());
        ObjectMapper mapper =
                new ObjectMapper()
                        .registerModule(doubles)
                        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        this.writer = mapper.writerFor(Decision.class);
        this.reader = mapper.readerFor(Decision.class);
    }

    public byte[] toJson(Decision d) {
        try {
            return writer.writeValueAsBytes(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write decision " + d.id(), e);
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong, when the bytes are not a decision
     *     record
     */
    public Decision fromJson(byte[] json) {
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "not a meshloop decision record: " + e.getMessage(), e);
        }
    }

    private static final class FiniteOrNull extends StdScalarSerializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator g, SerializerProvider provider)
                throws IOException {
            if (value == null || value.isNaN() || value.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(value);
            }
        }
    }

    private static final class NullAsNaN extends StdScalarDeserializer<Double> {
        private static final long serialVersionUID = 1L;

        NullAsNaN() {
            super(Double.TYPE);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.getValueAsDouble();
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }
}
