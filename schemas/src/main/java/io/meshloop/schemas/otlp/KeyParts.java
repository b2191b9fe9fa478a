package io.meshloop.schemas.otlp;

/**
 * Keeps decoded values safe to use inside {@code SignalKey.asString()}, which joins fields with
 * {@code '|'}: the decoders replace every {@code '|'} in service, version, route, instance, peer
 * service and peer address values with {@code '_'}.
 */
public final class KeyParts {

    private KeyParts() {}

    /** {@code value} with {@code '|'} replaced by {@code '_'}; null stays null. */
    public static String sanitize(String value) {
        return value == null || value.indexOf('|') < 0 ? value : value.replace('|', '_');
    }
}
