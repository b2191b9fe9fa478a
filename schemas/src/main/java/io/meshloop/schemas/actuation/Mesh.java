package io.meshloop.schemas.actuation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The mesh adapter that handled a decision. Serialized as the lower-case names below. */
public enum Mesh {
    @JsonProperty("istio")
    ISTIO("istio"),
    @JsonProperty("gateway-api")
    GATEWAY_API("gateway-api"),
    @JsonProperty("consul")
    CONSUL("consul"),
    @JsonProperty("gitops")
    GITOPS("gitops");

    private final String wireName;

    Mesh(String wireName) {
        this.wireName = wireName;
    }

    /** The name in actuation records and configuration. */
    public String wireName() {
        return wireName;
    }
}
