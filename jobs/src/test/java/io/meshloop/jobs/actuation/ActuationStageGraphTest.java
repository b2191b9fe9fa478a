package io.meshloop.jobs.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.flink.FlinkEnvironments;
import io.meshloop.schemas.decision.Decision;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The stage's operators keep their uids, names and parallelism (nothing runs). */
class ActuationStageGraphTest {

    @Test
    void operatorsHaveStableUidsNamesAndParallelismOne() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkEnvironments.baseConfiguration());
        env.setParallelism(4);
        ActuationStage.attach(
                env.fromData(
                                List.of(TestDecisions.weights("d1", "cart", 100, 0)),
                                TypeInformation.of(Decision.class))
                        .uid("decisions"),
                MeshTarget.parse("gitops:./meshloop-out"),
                KafkaSettings.ofDefaults("127.0.0.1:1"),
                "meshloop.actuations");
        StreamGraph graph = env.getStreamGraph();

        assertThat(graph.getStreamNodes())
                .filteredOn(n -> n.getTransformationUID() == null)
                .extracting(StreamNode::getOperatorName)
                .as("operators without a uid")
                .isEmpty();
        StreamNode actuate = node(graph, ActuationStage.UID);
        assertThat(actuate.getOperatorName()).isEqualTo("actuate → gitops:./meshloop-out");
        assertThat(actuate.getParallelism()).isEqualTo(1);
        assertThat(node(graph, ActuationStage.SINK_UID).getParallelism()).isEqualTo(1);
    }

    private static StreamNode node(StreamGraph graph, String uid) {
        return graph.getStreamNodes().stream()
                .filter(n -> uid.equals(n.getTransformationUID()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no operator with uid " + uid));
    }
}
