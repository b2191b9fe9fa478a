package io.meshloop.schemas.otlp;

import java.nio.charset.StandardCharsets;

/**
 * The attribute keys the trace decoders read, with an allocation-free lookup over raw UTF-8 key
 * bytes (for the protobuf reader) and a String lookup (for JSON). One instance per decoder, because
 * the version attribute is configurable.
 */
final class AttributeKeys {

    // Resource attributes.
    static final int SERVICE_NAME = 1;
    static final int SERVICE_VERSION = 2;
    static final int SERVICE_INSTANCE_ID = 3;
    static final int K8S_POD_NAME = 4;
    static final int DEPLOYMENT_ENVIRONMENT_NAME = 5;
    static final int DEPLOYMENT_ENVIRONMENT = 6;
    static final int CLOUD_REGION = 7;
    static final int CLOUD_AVAILABILITY_ZONE = 8;

    // Span attributes.
    static final int HTTP_ROUTE = 20;
    static final int RPC_SERVICE = 21;
    static final int RPC_METHOD = 22;
    static final int HTTP_RESPONSE_STATUS_CODE = 23;
    static final int HTTP_STATUS_CODE = 24;
    static final int RPC_GRPC_STATUS_CODE = 25;
    static final int SERVER_ADDRESS = 26;
    static final int NET_PEER_NAME = 27;
    static final int PEER_SERVICE = 28;

    private final String[] resourceNames;
    private final byte[][] resourceKeys;
    private final int[] resourceIds;
    private final String[] spanNames;
    private final byte[][] spanKeys;
    private final int[] spanIds;

    AttributeKeys(String versionAttribute) {
        resourceNames =
                new String[] {
                    "service.name",
                    versionAttribute,
                    "service.instance.id",
                    "k8s.pod.name",
                    "deployment.environment.name",
                    "deployment.environment",
                    "cloud.region",
                    "cloud.availability_zone"
                };
        resourceIds =
                new int[] {
                    SERVICE_NAME,
                    SERVICE_VERSION,
                    SERVICE_INSTANCE_ID,
                    K8S_POD_NAME,
                    DEPLOYMENT_ENVIRONMENT_NAME,
                    DEPLOYMENT_ENVIRONMENT,
                    CLOUD_REGION,
                    CLOUD_AVAILABILITY_ZONE
                };
        spanNames =
                new String[] {
                    "http.route",
                    "rpc.service",
                    "rpc.method",
                    "http.response.status_code",
                    "http.status_code",
                    "rpc.grpc.status_code",
                    "server.address",
                    "net.peer.name",
                    "peer.service"
                };
        spanIds =
                new int[] {
                    HTTP_ROUTE,
                    RPC_SERVICE,
                    RPC_METHOD,
                    HTTP_RESPONSE_STATUS_CODE,
                    HTTP_STATUS_CODE,
                    RPC_GRPC_STATUS_CODE,
                    SERVER_ADDRESS,
                    NET_PEER_NAME,
                    PEER_SERVICE
                };
        resourceKeys = utf8(resourceNames);
        spanKeys = utf8(spanNames);
    }

    private static byte[][] utf8(String[] names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Id of a resource attribute key given as raw bytes, 0 when not read. */
    int resourceId(byte[] buf, int off, int len) {
        return find(resourceKeys, resourceIds, buf, off, len);
    }

    int spanId(byte[] buf, int off, int len) {
        return find(spanKeys, spanIds, buf, off, len);
    }

    int resourceId(String key) {
        return find(resourceNames, resourceIds, key);
    }

    int spanId(String key) {
        return find(spanNames, spanIds, key);
    }

    /** The key name of an id, for dead-letter details. */
    String name(int id) {
        for (int i = 0; i < resourceIds.length; i++) {
            if (resourceIds[i] == id) {
                return resourceNames[i];
            }
        }
        for (int i = 0; i < spanIds.length; i++) {
            if (spanIds[i] == id) {
                return spanNames[i];
            }
        }
        return "?";
    }

    static boolean isIntValued(int id) {
        return id == HTTP_RESPONSE_STATUS_CODE
                || id == HTTP_STATUS_CODE
                || id == RPC_GRPC_STATUS_CODE;
    }

    private static int find(byte[][] keys, int[] ids, byte[] buf, int off, int len) {
        for (int i = 0; i < keys.length; i++) {
            byte[] k = keys[i];
            if (k.length == len && regionEquals(k, buf, off)) {
                return ids[i];
            }
        }
        return 0;
    }

    private static boolean regionEquals(byte[] k, byte[] buf, int off) {
        for (int j = k.length - 1; j >= 0; j--) {
            if (k[j] != buf[off + j]) {
                return false;
            }
        }
        return true;
    }

    private static int find(String[] names, int[] ids, String key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return ids[i];
            }
        }
        return 0;
    }
}
