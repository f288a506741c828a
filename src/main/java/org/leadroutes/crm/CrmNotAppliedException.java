package org.leadroutes.crm;

/**
 * The CRM did not apply the call (429, 503, a connection never made, or any failure of a read), and
 * the call's retries or its wait ran out. Safe to send again later.
 */
public class CrmNotAppliedException extends CrmException {
    public CrmNotAppliedException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }
}
