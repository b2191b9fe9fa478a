package io.meshloop.schemas.otlp;

import io.meshloop.schemas.deadletter.DeadLetterReason;

/** Mutable, pooled holder of one span's raw fields while its record is being decoded. */
final class SpanFields {
    int resource;
    String traceId;
    String spanId;
    String parentSpanId;
    String name;
    int kind;
    long start;
    long end;
    int status;
    String httpRoute;
    String rpcService;
    String rpcMethod;
    int httpStatus;
    int httpStatusLegacy;
    int grpcStatus;
    String serverAddress;
    String netPeerName;
    String peerService;
    DeadLetterReason problem;
    String problemDetail;
    byte[] payload;
    int payloadOff;
    int payloadLen;
    Object payloadNode;

    void reset(int resourceIndex) {
        resource = resourceIndex;
        traceId = spanId = parentSpanId = name = null;
        kind = 0;
        start = end = 0;
        status = 0;
        httpRoute = rpcService = rpcMethod = null;
        httpStatus = httpStatusLegacy = 0;
        grpcStatus = -1;
        serverAddress = netPeerName = peerService = null;
        problem = null;
        problemDetail = null;
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
            case AttributeKeys.HTTP_ROUTE -> httpRoute = v;
            case AttributeKeys.RPC_SERVICE -> rpcService = v;
            case AttributeKeys.RPC_METHOD -> rpcMethod = v;
            case AttributeKeys.SERVER_ADDRESS -> serverAddress = v;
            case AttributeKeys.NET_PEER_NAME -> netPeerName = v;
            case AttributeKeys.PEER_SERVICE -> peerService = v;
            case AttributeKeys.HTTP_RESPONSE_STATUS_CODE,
                            AttributeKeys.HTTP_STATUS_CODE,
                            AttributeKeys.RPC_GRPC_STATUS_CODE ->
                    setInt(id, parseIntOr(v, Long.MIN_VALUE));
            default -> {}
        }
    }

    void setInt(int id, long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            return; // unparseable or out of range: treat as absent
        }
        switch (id) {
            case AttributeKeys.HTTP_RESPONSE_STATUS_CODE -> httpStatus = (int) v;
            case AttributeKeys.HTTP_STATUS_CODE -> httpStatusLegacy = (int) v;
            case AttributeKeys.RPC_GRPC_STATUS_CODE -> grpcStatus = (int) v;
            default -> {}
        }
    }

    private static long parseIntOr(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
