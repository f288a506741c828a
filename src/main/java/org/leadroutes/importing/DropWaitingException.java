package org.leadroutes.importing;

import org.leadroutes.crm.CrmOutageException;

/**
 * The drop met a CRM outage and waits in the inbox for its next try ({@link DropWaits}): the import flow's
 * exchange fails with it so the file consumer leaves the file where it is. Not a failed drop.
 */
public final class DropWaitingException extends RuntimeException {

    private final transient DropWaits.Waiting waiting;

    DropWaitingException(String message, DropWaits.Waiting waiting, CrmOutageException cause) {
        super(message, cause, false, false); // the outage is the story; no stack trace to print
        this.waiting = waiting;
    }

    public DropWaits.Waiting waiting() {
        return waiting;
    }
}
