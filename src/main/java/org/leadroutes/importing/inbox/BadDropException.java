package org.leadroutes.importing.inbox;

/** The file as a whole cannot be imported; the message is what its report tells the user. */
public class BadDropException extends RuntimeException {
    public BadDropException(String message) {
        super(message, null, false, false);
    }
}
