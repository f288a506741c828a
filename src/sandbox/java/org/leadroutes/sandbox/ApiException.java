package org.leadroutes.sandbox;

/** Ends a request early with a prepared answer (bad parameter, wrong content type, unknown object). */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Reply reply;

    ApiException(Reply reply) {
        super(null, null, false, false); // control flow, no stack trace needed
        this.reply = reply;
    }

    static ApiException badRequest(String message) {
        return new ApiException(Reply.error(400, message));
    }

    Reply reply() {
        return reply;
    }
}
