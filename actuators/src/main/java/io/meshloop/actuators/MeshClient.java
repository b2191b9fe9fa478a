package io.meshloop.actuators;

import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionTarget;

/**
 * A mesh adapter: reads the routing and policy state meshloop manages, and reconciles it to a
 * decision's desired state.
 *
 * <p>Contract, checked for every implementation by {@code MeshClientContractTest}:
 *
 * <ul>
 *   <li>{@link #apply} builds the desired objects from the decision <em>and</em> the live objects,
 *       changing only the fields meshloop manages, and writes only a real difference: applying the
 *       same decision twice gives {@code NOOP} the second time and writes nothing;
 *   <li>{@code DRY_RUN} and {@code SUPPRESSED} decisions are never written ({@code
 *       SKIPPED_DRY_RUN}); {@code ALERT} writes nothing ({@code NOOP});
 *   <li>nothing is ever deleted, and objects meshloop did not create keep every field it does not
 *       manage;
 *   <li>apply never throws for a mesh-side problem: conflicts and transient errors are retried
 *       inside, and what is left becomes a {@code REJECTED} or {@code FAILED} result with the
 *       reason.
 * </ul>
 */
public interface MeshClient {

    /** Which mesh this adapter writes to; the {@code mesh} of its results. */
    Mesh mesh();

    /**
     * The current, mesh-neutral state of what meshloop manages for a target: the parts that are not
     * configured are null.
     *
     * @throws RetryableMeshException when the mesh did not answer (retry later)
     * @throws PermanentMeshException when it refused the read (e.g. forbidden)
     */
    MeshState read(DecisionTarget target);

    /** Reconciles the mesh to the decision's desired state; see the contract above. */
    ActuationResult apply(Decision decision);
}
