package org.leadroutes.exporting;

/**
 * The change-data-capture form of an incremental run's file, the same in CSV and JSON lines: every row or line
 * carries {@value #COLUMN}, {@value #UPSERT} (the lead as it is now: insert it or replace it) or {@value #DELETE}
 * (the lead is gone: remove it), and {@value #MERGED_INTO}, the id of the lead a deleted lead was merged into
 * (empty or null otherwise). A lead gone is one row or line with its id, {@value #DELETE} and {@value #MERGED_INTO}
 * only; these come after the upserts.
 */
final class Operation {

    static final String COLUMN = "operation";
    static final String MERGED_INTO = "merged_into";
    static final String UPSERT = "upsert";
    static final String DELETE = "delete";

    private Operation() {
    }
}
