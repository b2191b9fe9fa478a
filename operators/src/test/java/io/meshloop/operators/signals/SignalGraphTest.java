package io.meshloop.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.operators.istio.IstioDeltaConfig;
import io.meshloop.operators.istio.IstioSignals;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The builders give every operator they add its fixed uid and name. */
class SignalGraphTest {

    @Test
    void everyOperatorHasItsUidAndName() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        var spans = env.fromData(TypeInformation.of(Span.class), TestSpans.server(1000, 1, false));
        var points =
                env.fromData(
                        TypeInformation.of(MeshMetricPoint.class),
                        io.meshloop.operators.istio.IstioGraphFixtures.point());
        SpanSignals.Result s = SpanSignals.apply(spans, SignalWindowConfig.ofDefaults());
        IstioSignals.Result i =
                IstioSignals.apply(
                        points, SignalWindowConfig.ofDefaults(), IstioDeltaConfig.ofDefaults());
        s.signals().union(i.signals()).print();
        s.lateSpans().print();
        s.latePartials().union(i.latePartials()).print();

        var uids =
                env.getStreamGraph().getStreamNodes().stream()
                        .collect(
                                Collectors.toMap(
                                        StreamNode::getTransformationUID,
                                        StreamNode::getOperatorName,
                                        (a, b) -> a));
        assertThat(uids)
                .containsEntry(
                        SignalOperators.PRE_AGGREGATE_UID, SignalOperators.PRE_AGGREGATE_NAME)
                .containsEntry(SignalOperators.SPAN_WINDOW_UID, SignalOperators.SPAN_WINDOW_NAME)
                .containsEntry(SignalOperators.ISTIO_DELTA_UID, SignalOperators.ISTIO_DELTA_NAME)
                .containsEntry(SignalOperators.ISTIO_WINDOW_UID, SignalOperators.ISTIO_WINDOW_NAME);
    }
}
