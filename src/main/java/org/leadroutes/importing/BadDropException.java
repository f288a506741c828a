package org.leadroutes.importing;

/** The file as a whole cannot be imported; the message is what its report tells the user. */
public class BadDropException extends RuntimeException {
    public BadDropException(String message) {
        super(message, null, false, false);
    }
}
