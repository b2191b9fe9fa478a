package io.meshloop.schemas.signal;

/**
 * Identity of one golden-signal series.
 *
 * <ul>
 *   <li>{@link SignalScope#SERVICE}: {@code service}, {@code version}, {@code route} (or {@link
 *       #ALL}).
 *   <li>{@link SignalScope#INSTANCE}: {@code service}, {@code version}, {@code instance}.
 *   <li>{@link SignalScope#EDGE}: {@code caller} (the calling service), {@code service} (the
 *       callee) and {@code version} (the callee's version when known).
 * </ul>
 *
 * Fields that do not apply to the scope are {@code null}; an unknown version is {@link #UNKNOWN}.
 */
public record SignalKey(
        SignalScope scope,
        String service,
        String version,
        String route,
        String instance,
        String caller) {

    /** Route value of the roll-up over all routes of a service version. */
    public static final String ALL = "*";

    /** Version value when the telemetry named none. */
    public static final String UNKNOWN = "unknown";

    public static SignalKey service(String service, String version, String route) {
        return new SignalKey(SignalScope.SERVICE, service, orUnknown(version), route, null, null);
    }

    public static SignalKey instance(String service, String version, String instance) {
        return new SignalKey(
                SignalScope.INSTANCE, service, orUnknown(version), null, instance, null);
    }

    public static SignalKey edge(String caller, String callee, String calleeVersion) {
        return new SignalKey(
                SignalScope.EDGE, callee, orUnknown(calleeVersion), null, null, caller);
    }

    private static String orUnknown(String version) {
        return version == null || version.isEmpty() ? UNKNOWN : version;
    }

    /**
     * A compact, unambiguous string form, used as the Kafka message key and the Flink key: the
     * scope and the fields, separated by {@code '|'} (field values never contain it: see the
     * decoder).
     */
    public String asString() {
        return switch (scope) {
            case SERVICE -> "service|" + service + '|' + version + '|' + route;
            case INSTANCE -> "instance|" + service + '|' + version + '|' + instance;
            case EDGE -> "edge|" + caller + '|' + service + '|' + version;
        };
    }
}
