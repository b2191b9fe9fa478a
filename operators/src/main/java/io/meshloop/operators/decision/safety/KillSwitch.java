package io.meshloop.operators.decision.safety;

/** A global "stop acting" switch; while engaged every action is suppressed. */
public interface KillSwitch {

    /** True while actions must not be taken. Must be cheap: it is asked for every action. */
    boolean engaged();

    /** A switch that is never engaged. */
    static KillSwitch never() {
        return () -> false;
    }
}
