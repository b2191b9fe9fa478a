package io.meshloop.jobs.actuation;

import io.meshloop.actuators.RetryPolicy;
import java.io.Serializable;
import java.time.Clock;

/**
 * Opens the {@code MeshClient} an actuation subtask applies decisions with. Shipped with the job
 * graph, so it must be serializable; {@link MeshTarget} is the production one, tests pass a lambda
 * returning a fake.
 */
@FunctionalInterface
public interface MeshConnector extends Serializable {

    /**
     * @param clock the clock results are stamped with
     * @param retry the client's own, short retry loop (the operator retries further on timers)
     */
    MeshSession open(Clock clock, RetryPolicy retry);
}
