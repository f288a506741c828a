package org.leadroutes.importing;

import org.leadroutes.crm.CrmOutageException;
import org.leadroutes.importing.inbox.DropWaits;
import org.leadroutes.importing.ledger.DataFolderWriteException;

/**
 * The drop met a CRM outage (or could not write its report to the data folder) and waits in the inbox for its next try ({@link DropWaits}): the import flow's
 * exchange fails with it so the file consumer leaves the file where it is. Not a failed drop.
 */
public final class DropWaitingException extends RuntimeException {

    private final transient DropWaits.Waiting waiting;

    DropWaitingException(String message, DropWaits.Waiting waiting, CrmOutageException cause) {
        super(message, cause, false, false); // the outage is the story; no stack trace to print
        this.waiting = waiting;
    }

    /** The drop's report or ledger could not be written to the data folder: it waits for room, or a writable folder. */
    DropWaitingException(String message, DropWaits.Waiting waiting, DataFolderWriteException cause) {
        super(message, cause, false, false);
        this.waiting = waiting;
    }

    public DropWaits.Waiting waiting() {
        return waiting;
    }
}
