package io.meshloop.it.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshloop.it.kafka.KafkaBrokerExtension;
import io.meshloop.it.support.MiniClusters;
import io.meshloop.jobs.actuation.ActuationStage;
import io.meshloop.jobs.actuation.MeshTarget;
import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.flink.FlinkEnvironments;
import io.meshloop.schemas.actuation.ActuationJson;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The actuation stage against the Kubernetes API (fabric8's mock server in CRUD mode, reached
 * through {@code --mesh kubernetes:master=URL}): a rollback decision patches the cart
 * VirtualService; running the same decision through a second job (a replay) is a NOOP that writes
 * nothing.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ActuationOnKubernetesIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void rollbackPatchesTheVirtualServiceAndAReplayIsANoop() throws Exception {
        String actuations = KAFKA.freshTopic("actuations", 1);
        // the mock server ignores dryRun=All and would persist the dry run: turn it off
        MeshTarget target =
                MeshTarget.parse("kubernetes:master=" + server.url("/") + ",server-dry-run=false");
        Decision rollback =
                new Decision(
                        "rollback-1",
                        1_740_787_200_000L,
                        "cart-canary",
                        "canary",
                        new DecisionTarget("shop", "cart", "v2", null, null, null, null),
                        ActionType.SET_WEIGHTS,
                        DesiredState.weights(
                                List.of(new VersionWeight("v1", 100), new VersionWeight("v2", 0))),
                        DecisionMode.ENFORCE,
                        "roll cart back to v1",
                        List.of(),
                        null);

        run(target, rollback, actuations);
        VirtualService vs =
                client.resources(VirtualService.class).inNamespace("shop").withName("cart").get();
        assertThat(weights(vs)).containsExactly(Map.entry("v1", 100), Map.entry("v2", 0));
        String version = vs.getMetadata().getResourceVersion();

        run(target, rollback, actuations);
        assertThat(
                        client.resources(VirtualService.class)
                                .inNamespace("shop")
                                .withName("cart")
                                .get()
                                .getMetadata()
                                .getResourceVersion())
                .as("a replayed decision writes nothing")
                .isEqualTo(version);

        ActuationJson json = new ActuationJson();
        List<ActuationResult> results = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KAFKA.consumeToEnd(actuations, Duration.ofSeconds(30))) {
            results.add(json.fromJson(r.value()));
        }
        assertThat(results)
                .extracting(
                        ActuationResult::decisionId,
                        ActuationResult::mesh,
                        ActuationResult::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "rollback-1", Mesh.ISTIO, Outcome.APPLIED),
                        org.assertj.core.groups.Tuple.tuple(
                                "rollback-1", Mesh.ISTIO, Outcome.NOOP));
    }

    private static void run(MeshTarget target, Decision decision, String topic) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkEnvironments.baseConfiguration());
        env.setParallelism(1);
        ActuationStage.attach(
                env.fromData(List.of(decision), TypeInformation.of(Decision.class))
                        .uid("decisions"),
                target,
                KafkaSettings.ofDefaults(KAFKA.bootstrapServers()),
                topic);
        env.execute("actuation-kubernetes-it");
    }

    private static Map<String, Integer> weights(VirtualService vs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (HTTPRoute route : vs.getSpec().getHttp()) {
            if ("meshloop".equals(route.getName())) {
                for (HTTPRouteDestination d : route.getRoute()) {
                    out.put(d.getDestination().getSubset(), d.getWeight());
                }
            }
        }
        return out;
    }
}
