package org.leadroutes.importing;

/**
 * This process may no longer import ({@link ImportPermit}): the drop stopped starting leads and is left in the
 * inbox for the replica that imports now. The import flow's exchange fails with it so the file consumer leaves
 * the file where it is. Not a failed drop.
 */
public final class DropHandedOverException extends RuntimeException {

    DropHandedOverException(String message) {
        super(message, null, false, false); // nothing went wrong here: no stack trace to print
    }
}
