package org.leadroutes.replicas;

/** The replicas' PostgreSQL does not answer at start-up; the message names the setting to fix. */
public class DatabaseUnreachableException extends RuntimeException {

    public DatabaseUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
