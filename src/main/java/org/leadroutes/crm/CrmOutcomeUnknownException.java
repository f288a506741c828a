package org.leadroutes.crm;

/**
 * A write whose outcome is unknown (timeout after sending, 502, 504): Close may already have
 * created the record and has no idempotency key, so it must never be re-sent blindly.
 */
public class CrmOutcomeUnknownException extends CrmException {
    public CrmOutcomeUnknownException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }
}
