package io.meshloop.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.jobs.config.SignalsJobConfig;
import io.meshloop.jobs.flink.FlinkEnvironments;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * Savepoints restore across versions only if every operator keeps its uid: this walks the real
 * production graph (nothing runs; Kafka is never contacted) and fails on a node without one.
 */
class SignalsPipelineGraphTest {

    @Test
    void everyOperatorHasAStableUid() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkEnvironments.baseConfiguration());
        SignalsPipeline.attach(env, SignalsJobConfig.ofDefaults("127.0.0.1:1"));
        StreamGraph graph = env.getStreamGraph();

        List<String> missing =
                graph.getStreamNodes().stream()
                        .filter(n -> n.getTransformationUID() == null)
                        .map(StreamNode::getOperatorName)
                        .toList();
        assertThat(missing).as("operators without a uid").isEmpty();
        assertThat(graph.getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .contains(
                        SignalsPipeline.SPANS_SOURCE_UID,
                        SignalsPipeline.METRICS_SOURCE_UID,
                        SignalsJob.SPLIT_UID,
                        "signals-span-pre-aggregate",
                        "signals-span-windows",
                        "signals-istio-deltas",
                        "signals-istio-windows")
                .doesNotHaveDuplicates();
    }
}
