package org.leadroutes.crm;

/** A CRM call that did not succeed; subclasses say what the caller may do about it. */
public class CrmException extends RuntimeException {
    private final int status;

    public CrmException(String message, int status) {
        super(message);
        this.status = status;
    }

    public CrmException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status, or 0 when no answer came back. */
    public int status() {
        return status;
    }
}
