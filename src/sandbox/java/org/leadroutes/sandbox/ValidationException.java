package org.leadroutes.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A payload Close would reject with 400 {@code {"errors": [...], "field-errors": {...}}}. */
public final class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> errors;
    private final Map<String, String> fieldErrors;

    ValidationException(List<String> errors, Map<String, String> fieldErrors) {
        super(describe(errors, fieldErrors));
        this.errors = List.copyOf(errors);
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
    }

    public List<String> errors() {
        return errors;
    }

    /** Field path (e.g. {@code contacts.0.emails.0.email}) to message, in payload order. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    Reply toReply() {
        return Reply.validation(errors, fieldErrors);
    }

    private static String describe(List<String> errors, Map<String, String> fieldErrors) {
        StringBuilder message = new StringBuilder("invalid payload");
        errors.forEach(e -> message.append("; ").append(e));
        fieldErrors.forEach((field, e) -> message.append("; ").append(field).append(": ").append(e));
        return message.toString();
    }
}
