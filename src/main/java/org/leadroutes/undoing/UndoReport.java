package org.leadroutes.undoing;

import java.util.List;

/**
 * What an undo of a drop did, in {@code reports/<drop>.undo.report.json} ({@code .undo-preview.report.json} for a
 * dry run), and the answer of {@value UndoFlow#ENDPOINT}.
 *
 * @param status          {@code done}, or {@code waiting} (the CRM stopped answering: run it again to resume)
 * @param leadsDeleted    leads the drop created, deleted with their contacts (a dry run: that would be)
 * @param contactsDeleted contacts it added to leads the CRM already had, deleted
 * @param fieldsEmptied   fields it filled on such leads, emptied again (each field of each lead)
 * @param alreadyGone     what was gone already (deleted in the CRM meanwhile): counted, no error
 * @param kept            changed in the CRM since the drop, or merged into by another drop: left as they are (a
 *                        write whose fields were emptied but for some changed since counts here too)
 * @param failed          the CRM refused to take back (the results file says why); a later run tries again
 * @param waiting         not yet taken back: the undo stopped for the CRM
 * @param settledBefore   settled by an earlier run of this undo that stopped (killed, or the CRM down)
 * @param keptItems       each kept item: what, its lead or contact, the drop's lines, and why
 */
public record UndoReport(String drop, String status, boolean dryRun, String started, long durationMs,
                         long leadsDeleted, long contactsDeleted, long fieldsEmptied, long alreadyGone, long kept,
                         long failed, long waiting, long settledBefore, List<String> keptItems, List<String> failures,
                         String waitingFor, String results) {

    /** The summary line of the log. */
    public String summary() {
        String would = dryRun ? "would be " : "";
        StringBuilder line = new StringBuilder("undo of ").append(drop).append(": ").append(status).append(": ")
                .append(leadsDeleted).append(" leads ").append(would).append("deleted, ")
                .append(contactsDeleted).append(" contacts ").append(would).append("deleted from leads the CRM had before, ")
                .append(fieldsEmptied).append(" filled fields ").append(would).append("emptied, ")
                .append(alreadyGone).append(" already gone, ")
                .append(kept).append(" kept");
        if (!keptItems.isEmpty()) {
            line.append(" (").append(String.join("; ", keptItems.subList(0, Math.min(3, keptItems.size()))))
                    .append(keptItems.size() > 3 ? "; " + (keptItems.size() - 3) + " more in the results file" : "")
                    .append(")");
        }
        line.append(", ").append(failed).append(" failed");
        if (settledBefore > 0) {
            line.append(", ").append(settledBefore).append(" settled by an earlier run");
        }
        if (waiting > 0) {
            line.append(", ").append(waiting).append(" waiting for the CRM (").append(waitingFor)
                    .append("): run the same undo again to resume");
        }
        if (dryRun) {
            line.append(" (dry run: nothing deleted or changed)");
        }
        return line.toString();
    }
}
