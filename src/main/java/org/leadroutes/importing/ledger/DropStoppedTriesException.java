package org.leadroutes.importing.ledger;

import java.time.Instant;
import java.util.List;
import org.leadroutes.importing.inbox.BadDropException;

/**
 * The importer stopped during each of the last tries of this content and never ended them (killed, out of memory
 * with {@code -XX:+ExitOnOutOfMemoryError}): the file is not tried again but set aside to {@code .failed/}
 * ({@link DropTries#start}). A bad drop: the message is what its report tells the user.
 */
public final class DropStoppedTriesException extends BadDropException {

    private final String sha256;
    private final List<Instant> tries;

    DropStoppedTriesException(String message, String sha256, List<Instant> tries) {
        super(message);
        this.sha256 = sha256;
        this.tries = List.copyOf(tries);
    }

    /** The content whose tries never ended, as its ledger and its tries record are named. */
    public String sha256() {
        return sha256;
    }

    /** When each of those tries started, oldest first. */
    public List<Instant> tries() {
        return tries;
    }
}
