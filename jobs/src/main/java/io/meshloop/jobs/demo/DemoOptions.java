package io.meshloop.jobs.demo;

import io.meshloop.jobs.actuation.MeshTarget;
import io.meshloop.operators.decision.engine.PolicySource;
import io.meshloop.schemas.otlp.Encoding;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@code meshloop demo}.
 *
 * @param duration how long traffic runs
 * @param requestsPerSecond user requests per second at the entry service
 * @param encoding record encoding the simulated Collector writes
 * @param parallelism Flink parallelism
 * @param policies the policies the decision engine applies
 * @param mesh where the actuators write (a GitOps directory by default)
 */
public record DemoOptions(
        Duration duration,
        double requestsPerSecond,
        Encoding encoding,
        int parallelism,
        PolicySource policies,
        MeshTarget mesh) {
    public DemoOptions {
        if (duration == null || duration.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("--duration must be at least 5s, was " + duration);
        }
        if (!(requestsPerSecond > 0 && requestsPerSecond <= 50_000)) {
            throw new IllegalArgumentException(
                    "--rate must be in (0, 50000] requests/s, was " + requestsPerSecond);
        }
        Objects.requireNonNull(encoding, "--encoding");
        Objects.requireNonNull(policies, "--policies");
        Objects.requireNonNull(mesh, "--mesh");
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException(
                    "--parallelism must be in [1, 16], was " + parallelism);
        }
    }
}
