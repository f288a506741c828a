package org.leadroutes.crm;

/** 401 or 403: no further call can succeed until the credentials are fixed. */
public class CrmAuthException extends CrmException {
    public CrmAuthException(String message, int status) {
        super(message, status);
    }
}
