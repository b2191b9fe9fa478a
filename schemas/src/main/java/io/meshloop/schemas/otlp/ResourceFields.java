package io.meshloop.schemas.otlp;

import io.meshloop.schemas.deadletter.DeadLetterReason;

/** Mutable, reused holder of the resource attributes a decoder reads. */
final class ResourceFields {
    String service;
    String version;
    String instanceId;
    String podName;
    String environmentName;
    String environmentLegacy;
    String region;
    String zone;
    DeadLetterReason problem;
    String problemDetail;
    int spanCount;
    byte[] payload;
    int payloadOff;
    int payloadLen;
    Object payloadNode;

    void reset() {
        service = version = instanceId = podName = environmentName = environmentLegacy = null;
        region = zone = null;
        problem = null;
        problemDetail = null;
        spanCount = 0;
        payload = null;
        payloadOff = payloadLen = 0;
        payloadNode = null;
    }

    void fail(DeadLetterReason reason, String detail) {
        if (problem == null) {
            problem = reason;
            problemDetail = detail;
        }
    }

    void setString(int id, String v) {
        switch (id) {
            case AttributeKeys.SERVICE_NAME -> service = v;
            case AttributeKeys.SERVICE_VERSION -> version = v;
            case AttributeKeys.SERVICE_INSTANCE_ID -> instanceId = v;
            case AttributeKeys.K8S_POD_NAME -> podName = v;
            case AttributeKeys.DEPLOYMENT_ENVIRONMENT_NAME -> environmentName = v;
            case AttributeKeys.DEPLOYMENT_ENVIRONMENT -> environmentLegacy = v;
            case AttributeKeys.CLOUD_REGION -> region = v;
            case AttributeKeys.CLOUD_AVAILABILITY_ZONE -> zone = v;
            default -> {}
        }
    }
}
