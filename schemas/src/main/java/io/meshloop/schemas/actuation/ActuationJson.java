package io.meshloop.schemas.actuation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;

/**
 * JSON records of the topic {@code meshloop.actuations}, in the style of the decision format:
 * snake_case field names, enums as their names (the mesh as {@code istio}, {@code gateway-api},
 * {@code consul}, {@code gitops}), absent values left out, unknown fields rejected on reading.
 * Fixed by {@code schemas/actuation.schema.json} and a golden file. Thread-safe.
 */
public final class ActuationJson {

    private final ObjectWriter writer;
    private final ObjectReader reader;

    public ActuationJson() {
        ObjectMapper mapper =
                new ObjectMapper()
                        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        this.writer = mapper.writerFor(ActuationResult.class);
        this.reader = mapper.readerFor(ActuationResult.class);
    }

    public byte[] toJson(ActuationResult r) {
        try {
            return writer.writeValueAsBytes(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write actuation result of decision " + r.decisionId(), e);
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong, when the bytes are not an actuation
     *     record
     */
    public ActuationResult fromJson(byte[] json) {
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "not a meshloop actuation record: " + e.getMessage(), e);
        }
    }
}
