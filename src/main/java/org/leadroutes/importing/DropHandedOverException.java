package org.leadroutes.importing;

/**
 * This process may no longer import ({@link ImportPermit}): the drop stopped starting leads and is left in the
 * inbox for the replica that imports now. The import flow's exchange fails with it so the file consumer leaves
 * the file where it is. Not a failed drop.
 */
public final class DropHandedOverException extends RuntimeException {

    private final String why;

    /**
     * @param file the drop's file name
     * @param why  why this process may no longer import (the permit's refusal)
     */
    DropHandedOverException(String file, String why) {
        super(file + ": " + why, null, false, false); // nothing went wrong here: no stack trace to print
        this.why = why;
    }

    /** Why this process may no longer import, without the file's name. */
    public String why() {
        return why;
    }
}
