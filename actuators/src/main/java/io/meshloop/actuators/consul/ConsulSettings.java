package io.meshloop.actuators.consul;

import java.net.URI;
import java.time.Duration;

/**
 * Where Consul is and how meshloop names things there.
 *
 * @param address HTTP API base, e.g. {@code http://127.0.0.1:8500}
 * @param token ACL token sent as {@code X-Consul-Token}, null for none; needs {@code
 *     operator:write} or {@code service:write} on the services acted on, plus {@code
 *     intentions:write}
 * @param requestTimeout timeout of one HTTP request, > 0
 * @param versionMetaKey service-instance meta key whose value is the version: resolver subsets
 *     filter on {@code Service.Meta.<key> == <version>}
 */
public record ConsulSettings(
        URI address, String token, Duration requestTimeout, String versionMetaKey) {

    public ConsulSettings {
        if (address == null || address.getScheme() == null || address.getHost() == null) {
            throw new IllegalArgumentException(
                    "consul.address must be an absolute http(s) URI, was " + address);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "consul.requestTimeout must be > 0, was " + requestTimeout);
        }
        if (versionMetaKey == null || !versionMetaKey.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException(
                    "consul.versionMetaKey must be letters, digits, '_' or '-', was '"
                            + versionMetaKey
                            + "'");
        }
    }

    /** No token, 5 s per request, version in {@code Service.Meta.version}. */
    public static ConsulSettings of(URI address) {
        return new ConsulSettings(address, null, Duration.ofSeconds(5), "version");
    }
}
