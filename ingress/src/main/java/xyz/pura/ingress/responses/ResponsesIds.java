package xyz.pura.ingress.responses;

/** Output item ids, derived from the gateway's request id so one request's items are stable and unique. */
final class ResponsesIds {
    private ResponsesIds() {
    }

    private static String suffix(String requestId) {
        return requestId.startsWith("req_") ? requestId.substring(4) : requestId;
    }

    static String message(String requestId, int index) {
        return "msg_" + suffix(requestId) + "_" + index;
    }

    static String functionCall(String requestId, int index) {
        return "fc_" + suffix(requestId) + "_" + index;
    }
}
