package org.leadroutes.crm;

/** 401 or 403: no further call can succeed until the credentials are fixed. */
public class CrmAuthException extends CrmOutageException {
    public CrmAuthException(String message, int status) {
        super(message, status, null);
    }

    @Override
    public String advice() {
        return "check leads.crm.api-key / leads.crm.token";
    }
}
