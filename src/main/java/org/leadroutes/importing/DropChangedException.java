package org.leadroutes.importing;

import org.leadroutes.importing.inbox.DropWaits;

/**
 * The dropped file changed (grew, shrank, was rewritten) between the start of its drop and its end: it was
 * still being written. The drop is not done over rows it did not read: it ends {@code waiting}, the file stays
 * in the inbox, and its next try, once the file has been still for {@code leads.import.read-lock-min-age-ms},
 * reads it whole (what this try created carried over in its ledger: {@link DropWaits#changed}).
 */
public final class DropChangedException extends RuntimeException {

    DropChangedException(String change) {
        super(change, null, false, false); // what changed is the story; no stack trace to print
    }
}
