package io.meshloop.schemas.policy;

/**
 * A caller→callee pair of services; {@code *} matches any service.
 *
 * @param caller the calling service, or {@link #ANY}
 * @param callee the called service, or {@link #ANY}
 */
public record EdgeSelector(String caller, String callee) {

    public static final String ANY = "*";

    public EdgeSelector {
        Checks.notBlank("edge.caller", caller);
        Checks.notBlank("edge.callee", callee);
    }

    public boolean matches(String callerService, String calleeService) {
        return (caller.equals(ANY) || caller.equals(callerService))
                && (callee.equals(ANY) || callee.equals(calleeService));
    }
}
