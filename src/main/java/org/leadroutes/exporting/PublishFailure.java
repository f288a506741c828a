package org.leadroutes.exporting;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import org.apache.camel.util.ObjectHelper;

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
        if (ObjectHelper.getException(JSchHostKeyException.class, failure) != null) {
            return HOST_KEY;
        }
        if (ObjectHelper.getException(UnknownHostException.class, failure) != null) {
            return UNKNOWN_HOST;
        }
        if (ObjectHelper.getException(ConnectException.class, failure) != null
                || ObjectHelper.getException(NoRouteToHostException.class, failure) != null) {
            return REFUSED;
        }
        if (ObjectHelper.getException(SocketTimeoutException.class, failure) != null) {
            return TIMED_OUT;
        }
        JSchException jsch = ObjectHelper.getException(JSchException.class, failure);
        // JSch has no type for a refused login: Session.connect throws a plain JSchException("Auth fail ...")
        if (jsch != null && jsch.getClass() == JSchException.class && jsch.getCause() == null
                && jsch.getMessage() != null && jsch.getMessage().startsWith("Auth")) {
            return LOGIN;
        }
        return null;
    }
}
