package org.leadroutes.crm;

/** Safe to send again: 429, 503, a connection that failed before the request left, or any failure of a read. */
public class CrmRetryableException extends CrmException {
    public CrmRetryableException(String message, int status) {
        super(message, status);
    }

    public CrmRetryableException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }
}
