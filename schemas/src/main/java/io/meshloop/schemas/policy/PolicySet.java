package io.meshloop.schemas.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A policy file: {@code apiVersion: meshloop.io/v1}, {@code kind: PolicySet}, global settings and
 * the policies, in file order. Built by {@link PolicyLoader}; the format is documented in {@code
 * docs/policies.md} and {@code schemas/policy.schema.json}.
 */
public record PolicySet(Settings settings, List<Policy> policies) {

    public static final String API_VERSION = "meshloop.io/v1";
    public static final String KIND = "PolicySet";

    public PolicySet {
        Checks.notNull("settings", settings);
        policies = List.copyOf(Checks.notNull("policies", policies));
        Set<String> names = new HashSet<>();
        for (Policy p : policies) {
            Checks.check(names.add(p.name()), "duplicate policy name '" + p.name() + "'");
        }
    }

    public Optional<Policy> policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
