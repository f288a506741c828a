package org.leadroutes.crm;

/**
 * The CRM answered 404: the record the call names is not there (deleted, merged away, never created). For a
 * {@code DELETE} that is the record already gone, which its caller counts, not an error.
 */
public class CrmNotFoundException extends CrmException {

    public static final int STATUS = 404;

    public CrmNotFoundException(String message) {
        super(message, STATUS);
    }
}
