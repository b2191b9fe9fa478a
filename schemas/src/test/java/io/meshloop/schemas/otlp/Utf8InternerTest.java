package io.meshloop.schemas.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8InternerTest {

    private static final byte[] BUF =
            "xxcheckoutxxcheckoutxxgrüßexx".getBytes(StandardCharsets.UTF_8);

    @Test
    void repeatedBytesGiveTheSameInstanceEqualToAFreshDecode() {
        ProtoTraceReader.Utf8Interner interner = new ProtoTraceReader.Utf8Interner();
        String a = interner.get(BUF, 2, 8);
        String b = interner.get(BUF, 12, 8);
        assertThat(a).isEqualTo("checkout").isSameAs(b);
        int umlaut = 22;
        int len = "grüße".getBytes(StandardCharsets.UTF_8).length;
        assertThat(interner.get(BUF, umlaut, len)).isEqualTo("grüße");
        assertThat(interner.get(BUF, 2, 0)).isEmpty();
    }

    @Test
    void collisionsAndLongValuesStillDecodeCorrectly() {
        ProtoTraceReader.Utf8Interner interner = new ProtoTraceReader.Utf8Interner();
        // Far more distinct values than slots: every lookup must still return the right string.
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3 * ProtoTraceReader.Utf8Interner.SLOTS; i++) {
                byte[] v = ("value-" + i).getBytes(StandardCharsets.UTF_8);
                assertThat(interner.get(v, 0, v.length)).isEqualTo("value-" + i);
            }
        }
        String longValue = "r".repeat(ProtoTraceReader.Utf8Interner.MAX_BYTES + 1);
        byte[] l = longValue.getBytes(StandardCharsets.UTF_8);
        assertThat(interner.get(l, 0, l.length)).isEqualTo(longValue);
        assertThat(interner.get(l, 0, l.length)).isNotSameAs(interner.get(l, 0, l.length));
    }

    @Test
    void decodedSpansShareRepeatedStrings() {
        // Two records of the same shop traffic: service names come back as one instance.
        var spans = new CollectingCollector();
        OtlpTraceDecoder decoder = new OtlpTraceDecoder();
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 2; i++) {
            byte[] record =
                    OtlpFixtures.tracesProto(
                            OtlpFixtures.batch(rnd, 5, 1_750_000_000_000_000_000L));
            decoder.decode(record, Encoding.OTLP_PROTO, RecordOrigin.unknown(), spans);
        }
        assertThat(spans.spans).hasSizeGreaterThan(1);
        var first = spans.spans.get(0);
        assertThat(spans.spans.stream().filter(s -> s.service().equals(first.service())))
                .allMatch(s -> s.service() == first.service());
    }
}
