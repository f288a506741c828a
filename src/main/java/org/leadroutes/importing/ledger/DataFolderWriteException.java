package org.leadroutes.importing.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The drop's report, results or ledger could not be written to the data folder ({@code reports/}, {@code state/}):
 * a full disk, a folder made read-only or replaced. Not the file's fault, and what the drop did is in its ledger:
 * the drop waits in the inbox like one that met a CRM outage, and its next try writes the report from the ledger.
 * Raised where the write failed, so the flow decides by this type, never by the file system's message.
 */
public final class DataFolderWriteException extends UncheckedIOException {

    public DataFolderWriteException(String message, IOException cause) {
        super(message, cause);
    }

    /** As thrown where a report or ledger was written: the checked or the unchecked form of an I/O failure. */
    public static DataFolderWriteException of(String what, Exception e) {
        IOException io = e instanceof UncheckedIOException unchecked ? unchecked.getCause()
                : e instanceof IOException checked ? checked : new IOException(e);
        return new DataFolderWriteException(what + " (" + io.getClass().getSimpleName()
                + (io.getMessage() != null ? ": " + io.getMessage() : "") + ")", io);
    }
}
