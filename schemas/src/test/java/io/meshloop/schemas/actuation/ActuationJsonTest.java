package io.meshloop.schemas.actuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ActuationJsonTest {

    private final ActuationJson json = new ActuationJson();

    static ActuationResult applied() {
        return new ActuationResult(
                "7b0c1a9e-3c55-3f0e-9f43-0d1f2b7f1a01",
                1_740_787_211_250L,
                Mesh.ISTIO,
                Outcome.APPLIED,
                List.of(
                        new TouchedObject("DestinationRule", "shop", "cart", Change.NOOP, "4711"),
                        new TouchedObject(
                                "VirtualService", "shop", "cart", Change.PATCHED, "4712")),
                "DestinationRule shop/cart NOOP; VirtualService shop/cart PATCHED");
    }

    @Test
    void matchesTheGoldenFile() throws IOException {
        assertThat(new String(json.toJson(applied()), StandardCharsets.UTF_8))
                .isEqualTo(golden("actuation-applied.json").strip());
    }

    @Test
    void roundTrips() {
        ActuationResult skipped =
                new ActuationResult("d", 1L, Mesh.GATEWAY_API, Outcome.SKIPPED_DRY_RUN, null, null);
        assertThat(json.fromJson(json.toJson(applied()))).isEqualTo(applied());
        assertThat(json.fromJson(json.toJson(skipped))).isEqualTo(skipped);
        assertThat(new String(json.toJson(skipped), StandardCharsets.UTF_8))
                .contains("\"mesh\":\"gateway-api\"")
                .contains("\"objects\":[]");
    }

    @Test
    void rejectsUnknownFields() {
        String bogus =
                new String(json.toJson(applied()), StandardCharsets.UTF_8)
                        .replaceFirst("\\{", "{\"bogus\":1,");
        assertThatThrownBy(() -> json.fromJson(bogus.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus");
    }

    @Test
    void outcomeFollowsTheChanges() {
        assertThat(ActuationResult.outcomeOf(applied().objects())).isEqualTo(Outcome.APPLIED);
        assertThat(ActuationResult.outcomeOf(List.of(applied().objects().get(0))))
                .isEqualTo(Outcome.NOOP);
    }

    /** The JSON Schema names exactly the fields and enum values the records write. */
    @Test
    void schemaAgreesWithTheRecords() throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schemas/actuation.schema.json")) {
            assertThat(in).isNotNull();
            schema = m.readTree(in);
        }
        JsonNode record = m.readTree(json.toJson(applied()));
        assertThat(names(schema.get("properties"))).isEqualTo(names(record));
        assertThat(names(schema.at("/properties/objects/items/properties")))
                .isEqualTo(names(record.get("objects").get(0)));
        assertThat(values(schema.at("/properties/outcome/enum")))
                .containsExactlyInAnyOrder(
                        java.util.Arrays.stream(Outcome.values())
                                .map(Enum::name)
                                .toArray(String[]::new));
        assertThat(values(schema.at("/properties/objects/items/properties/change/enum")))
                .containsExactlyInAnyOrder(
                        java.util.Arrays.stream(Change.values())
                                .map(Enum::name)
                                .toArray(String[]::new));
        assertThat(values(schema.at("/properties/mesh/enum")))
                .containsExactlyInAnyOrder(
                        java.util.Arrays.stream(Mesh.values())
                                .map(Mesh::wireName)
                                .toArray(String[]::new));
    }

    private static TreeSet<String> names(JsonNode object) {
        TreeSet<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> values(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ActuationJsonTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
