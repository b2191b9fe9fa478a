package io.meshloop.operators.decision.loops;

import io.meshloop.schemas.decision.Evidence;
import java.util.List;

/**
 * A loop controller's answer: the next desired state, whether it differs from the current one, and
 * why.
 *
 * @param <S> the controller's state type
 */
public record Transition<S>(S next, boolean changed, String reason, List<Evidence> evidence) {

    public Transition {
        evidence = List.copyOf(evidence);
    }
}
