/**
 * What a drop leaves behind: in {@code state/}, the append-only records a later try resumes from (the content's
 * {@link DropLedger}, its {@link DropTries}) and the drop's writes an undo takes back ({@link DropWrites}); in
 * {@code reports/}, its {@link ImportReport}, rejects ({@link RejectsFile}) and results ({@link ResultsFile}).
 * A write to the data folder that fails is a {@link DataFolderWriteException}. Uses only the inbox's names of a drop
 * ({@code importing.inbox}); the flow ({@code org.leadroutes.importing}) uses it.
 */
package org.leadroutes.importing.ledger;
