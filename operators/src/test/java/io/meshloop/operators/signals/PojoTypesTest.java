package io.meshloop.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type that crosses an exchange must use Flink's POJO serializer (the job forbids Kryo). */
class PojoTypesTest {

    @ParameterizedTest
    @ValueSource(
            classes = {
                PanePartial.class,
                Signal.class,
                SignalKey.class,
                Span.class,
                MeshMetricPoint.class,
                io.meshloop.operators.istio.SeriesState.class
            })
    void isPojo(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        assertThat(info.toString()).doesNotContain("GenericType");
    }
}
