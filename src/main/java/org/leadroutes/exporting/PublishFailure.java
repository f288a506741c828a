package org.leadroutes.exporting;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import org.apache.commons.lang3.exception.ExceptionUtils;

/**
 * Why publishing to a server failed, when it is something the user fixes on their side (or waits for): each says
 * so in one line, without the stack.
 */
enum PublishFailure {
    /** The server's host key is unknown, changed or revoked (JSch's host-key exceptions). */
    HOST_KEY,
    /** The server refused the login. */
    LOGIN,
    /** The target's host name does not resolve. */
    UNKNOWN_HOST,
    /** Nothing listens at the target's host and port, or no route leads there. */
    REFUSED,
    /** The server did not answer in time. */
    TIMED_OUT;

    /** The kind of the failure under Camel's wrappers, or null for any other failure. */
    static PublishFailure of(Throwable failure) {
        if (failure == null) {
            return null;
        }
        if (ExceptionUtils.throwableOfType(failure, JSchHostKeyException.class) != null) {
            return HOST_KEY;
        }
        if (ExceptionUtils.throwableOfType(failure, UnknownHostException.class) != null) {
            return UNKNOWN_HOST;
        }
        if (ExceptionUtils.throwableOfType(failure, ConnectException.class) != null
                || ExceptionUtils.throwableOfType(failure, NoRouteToHostException.class) != null) {
            return REFUSED;
        }
        if (ExceptionUtils.throwableOfType(failure, SocketTimeoutException.class) != null) {
            return TIMED_OUT;
        }
        JSchException jsch = ExceptionUtils.throwableOfType(failure, JSchException.class);
        // JSch has no type for a refused login: Session.connect throws a plain JSchException("Auth fail ...")
        if (jsch != null && jsch.getClass() == JSchException.class && jsch.getCause() == null
                && jsch.getMessage() != null && jsch.getMessage().startsWith("Auth")) {
            return LOGIN;
        }
        return null;
    }
}
