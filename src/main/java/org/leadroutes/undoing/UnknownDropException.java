package org.leadroutes.undoing;

/** {@code --undo DROP} names no drop this CRM organisation has a record of: nothing is touched. */
public class UnknownDropException extends RuntimeException {

    public UnknownDropException(String message) {
        super(message);
    }
}
