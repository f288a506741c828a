package org.leadroutes.crm;

import java.util.Map;

/** 400: the CRM refused the payload; {@link #fieldErrors()} holds Close's {@code field-errors}. */
public class CrmValidationException extends CrmException {
    private final Map<String, String> fieldErrors;

    public CrmValidationException(String message, Map<String, String> fieldErrors) {
        super(message, 400);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
