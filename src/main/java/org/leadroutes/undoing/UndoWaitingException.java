package org.leadroutes.undoing;

/**
 * An undo from {@code inbox/undo/} stopped for the CRM (an outage, refused credentials): its file stays there and is
 * tried again, resuming from the undo's ledger.
 */
public class UndoWaitingException extends RuntimeException {

    public UndoWaitingException(String message) {
        super(message);
    }
}
