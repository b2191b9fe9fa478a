package io.meshloop.actuators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.istio.api.networking.v1.VirtualService;
import io.meshloop.schemas.decision.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator itself: it must catch what the API server would refuse or prune. */
class CrdSchemaValidatorTest {

    private final CrdSchemaValidator validator = CrdSchemaValidator.get();
    private final IstioObjects istio = new IstioObjects(IstioSettings.ofDefaults());

    @Test
    void everyObjectTheBuildersProduceFromNothingIsValid() {
        for (Decision d : MeshClientContractTest.everyWritingDecision()) {
            for (IstioObjects.Plan<?> plan : istio.plans(d)) {
                Object desired = plan.desired().apply(null);
                if (desired != null) {
                    validator.assertValid(desired);
                }
            }
        }
    }

    @Test
    void rejectsAnUnknownFieldAWrongTypeAndAnUnknownKind() {
        assertThat(
                        validator.errors(
                                CrdSchemaValidator.json(
                                        """
                                        {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
                                         "metadata": {"name": "cart"},
                                         "spec": {"hosts": ["cart"], "http": [{"name": "meshloop",
                                           "route": [{"destination": {"host": "cart"}, "wieght": 10}]}]}}
                                        """)))
                .singleElement()
                .asString()
                .contains("wieght");
        assertThat(
                        validator.errors(
                                CrdSchemaValidator.json(
                                        """
                                        {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
                                         "metadata": {"name": "cart"},
                                         "spec": {"hosts": "cart"}}
                                        """)))
                .isNotEmpty();
        assertThat(
                        validator.errors(
                                CrdSchemaValidator.json(
                                        "{\"apiVersion\": \"networking.istio.io/v9\", \"kind\": \"VirtualService\"}")))
                .singleElement()
                .asString()
                .contains("no CRD schema");
    }

    @Test
    void preserveUnknownFieldsAllowsAnythingAndGatewayApiIsLoaded() {
        assertThat(
                        validator.errors(
                                CrdSchemaValidator.json(
                                        """
                                        {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
                                         "metadata": {"name": "cart"}, "spec": {"hosts": ["cart"]},
                                         "status": {"anything": {"goes": 1}}}
                                        """)))
                .isEmpty();
        assertThat(
                        validator.errors(
                                CrdSchemaValidator.json(
                                        """
                                        {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                                         "metadata": {"name": "cart"},
                                         "spec": {"parentRefs": [{"name": "cart", "kind": "Service", "group": ""}],
                                                  "rules": [{"backendRefs": [{"name": "cart-v1", "port": 80, "weight": 90}]}]}}
                                        """)))
                .isEmpty();
    }

    @Test
    void assertValidFailsOnADeliberatelyInvalidObject() {
        VirtualService bad = istio.virtualService(Decisions.weights("v1", 100), null);
        bad.getSpec().getHttp().get(0).getRoute().get(0).setAdditionalProperty("bogus", List.of(1));
        assertThatThrownBy(() -> validator.assertValid(bad))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("bogus");
    }
}
