/**
 * What lands in the inbox and how it is read: the dropped file inspected ({@link DropFile}: kind, charset, delimiter,
 * header row; a workbook's first sheet as CSV, {@link Workbook}), its text checked on its way to the CSV reader
 * ({@link CsvGuard}), the names it is archived and reported under ({@link DropName}), and the inbox consumer's
 * filter and poll strategy ({@link DropWaits}, {@link InboxPolls}). A file that cannot be imported is a
 * {@link BadDropException}. Uses nothing else of the import: the flow ({@code org.leadroutes.importing}) uses it.
 */
package org.leadroutes.importing.inbox;
