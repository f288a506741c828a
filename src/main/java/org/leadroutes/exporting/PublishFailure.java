package org.leadroutes.exporting;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import org.apache.camel.util.ObjectHelper;

/** Why publishing to an SFTP server failed, when it is something the user fixes on their side. */
enum PublishFailure {
    /** The server's host key is unknown, changed or revoked (JSch's host-key exceptions). */
    HOST_KEY,
    /** The server refused the login. */
    LOGIN;

    /** The kind of the failure under Camel's wrappers, or null for any other failure. */
    static PublishFailure of(Throwable failure) {
        if (failure == null) {
            return null;
        }
        if (ObjectHelper.getException(JSchHostKeyException.class, failure) != null) {
            return HOST_KEY;
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
