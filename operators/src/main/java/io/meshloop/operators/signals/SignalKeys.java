package io.meshloop.operators.signals;

import io.meshloop.schemas.signal.SignalKey;

/**
 * Parses {@link SignalKey#asString()} back into a key, so keyed state need not store the key twice
 * (Flink already keys the state by the string). Field values never contain {@code '|'}.
 */
public final class SignalKeys {

    private SignalKeys() {}

    public static SignalKey parse(String s) {
        String[] f = s.split("\\|", -1);
        if (f.length != 4) {
            throw new IllegalArgumentException("not a SignalKey string: '" + s + "'");
        }
        return switch (f[0]) {
            case "service" -> SignalKey.service(f[1], f[2], f[3]);
            case "instance" -> SignalKey.instance(f[1], f[2], f[3]);
            case "edge" -> SignalKey.edge(f[1], f[2], f[3]);
            default -> throw new IllegalArgumentException("unknown SignalKey scope in '" + s + "'");
        };
    }
}
