package org.leadroutes.undoing;

/**
 * The names the undo flow ({@code routes/undo.yaml}) and the Java code share, declared once. {@code FlowNamesTest}
 * fails when the YAML and these disagree.
 */
public final class UndoFlow {

    /** The route that undoes one drop: its body is the drop's archived name (or its report's name). */
    public static final String ROUTE = "undo-drop";
    /** Where {@code --undo DROP} sends the drop's name; answers with the {@link UndoReport}. */
    public static final String ENDPOINT = "direct:undo";
    /** The route of {@code <data>/inbox/undo/}: a drop's results file or report dropped there is undone. */
    public static final String INBOX_ROUTE = "undo-inbox";

    /** Bean {@link UndoSteps}: the undo's life, from the drop's record to its report. */
    public static final String STEPS = "dropUndo";

    /** The filter of {@code inbox/undo/} ({@code org.leadroutes.importing.inbox.DropWaits}): holds back an undo that waits. */
    public static final String WAITS = "undoWaits";

    /** Variable: the {@link Undo} of one drop. */
    public static final String UNDO = "undo";
    /** Variable: the {@link UndoTarget}, one write of the drop being taken back. */
    public static final String TARGET = "target";
    /** Variable the CRM's {@code GET /me/} answer is received into: the organisation whose ledgers hold the drop. */
    public static final String ORGANISATION = "organisation";

    /** Variable: the inbox's file named no drop this CRM has a record of ({@link UnknownDropException}). */
    public static final String REFUSED = "undoRefused";

    private UndoFlow() {
    }
}
