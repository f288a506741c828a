package org.leadroutes.undoing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.leadroutes.crm.Json;

/**
 * One write of a drop taken back: a lead it created (deleted), a contact it added to a lead the CRM already had
 * (deleted), the empty fields it filled on such a lead (emptied again). What it finds in the CRM decides
 * ({@link #decide}): only what is still as the drop wrote it is taken back; anything changed since is kept.
 */
public final class UndoTarget {

    /** What is taken back. */
    public enum Kind {
        /* in the order an undo takes them back: what it added to leads that stay, then the leads it created */
        CONTACT("contact added"), FIELDS("fields filled"), LEAD("lead created");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /** How it ended, in the results file's words. */
    public enum Outcome {
        DELETED("deleted"), EMPTIED("emptied"), WOULD_DELETE("would-delete"), WOULD_EMPTY("would-empty"),
        GONE("already-gone"), KEPT("kept"), FAILED("failed"), WAITING("waiting");

        final String words;

        Outcome(String words) {
            this.words = words;
        }

        /**
         * Whether an undo run that resumes passes it over: taken back, or gone. What was kept is looked at again: the
         * drop that merged into it may have been undone since.
         */
        boolean settles() {
            return this == DELETED || this == EMPTIED || this == GONE;
        }
    }

    private final Kind kind;
    private final String leadId;
    private final String contactId;
    private final List<String> contacts;
    private final Map<String, Object> written;
    private final Map<String, Object> before;
    private final Instant at;
    private final List<String> mergedByOthers;
    private boolean resumed;
    private String name;
    private Map<String, Object> patch;
    private Outcome outcome;
    private String detail;

    /**
     * @param contacts       a created lead's contacts as the drop created them
     * @param at             when the drop last wrote to it (this machine's clock)
     * @param mergedByOthers the other drops that wrote to the lead after (a created lead they merged into)
     */
    UndoTarget(Kind kind, String leadId, String contactId, List<String> contacts, Map<String, Object> written,
               Map<String, Object> before, Instant at, List<String> mergedByOthers) {
        this.kind = kind;
        this.leadId = leadId;
        this.contactId = contactId;
        this.contacts = contacts;
        this.written = written;
        this.before = before;
        this.at = at;
        this.mergedByOthers = mergedByOthers;
    }

    public Kind kind() {
        return kind;
    }

    public String leadId() {
        return leadId;
    }

    public String contactId() {
        return contactId;
    }

    /** Its key in the undo's ledger. */
    String key() {
        return key(kind, leadId, contactId, at);
    }

    /** The ledger's key of a write taken back: {@code lead:<id>}, {@code contact:<id>}, {@code fields:<lead id>:<time>}. */
    static String key(Kind kind, String leadId, String contactId, Instant at) {
        return switch (kind) {
            case LEAD -> "lead:" + leadId;
            case CONTACT -> "contact:" + contactId;
            case FIELDS -> "fields:" + leadId + ":" + at.toEpochMilli();
        };
    }

    /** The record looked at before anything is taken back: the lead, or the contact. */
    String path() {
        return kind == Kind.CONTACT ? "/contact/" + contactId + "/" : "/lead/" + leadId + "/";
    }

    /** An earlier run of this undo began taking it back and stopped before it knew the outcome. */
    void markResumed() {
        resumed = true;
    }

    boolean resumed() {
        return resumed;
    }

    /** Whether it is to be taken back, once looked at: nothing changed since the drop. */
    public boolean toUndo() {
        return outcome == null;
    }

    /** The {@code PUT} that empties the fields again, once decided. */
    Map<String, Object> patch() {
        return patch;
    }

    Outcome outcome() {
        return outcome;
    }

    String detail() {
        return detail;
    }

    void ended(Outcome outcome, String detail) {
        this.outcome = outcome;
        this.detail = detail;
    }

    /**
     * Decides from the record as the CRM holds it now: kept (with the reason) when it changed since the drop, or
     * left to be taken back ({@link #toUndo()}).
     */
    void decide(Map<String, Object> current) {
        Object named = current.get("display_name") != null ? current.get("display_name") : current.get("name");
        name = named == null ? null : named.toString();
        switch (kind) {
            case LEAD -> {
                if (!mergedByOthers.isEmpty()) {
                    ended(Outcome.KEPT, "another drop merged into it: " + String.join(", ", mergedByOthers));
                    return;
                }
                List<String> now = contactIds(current);
                List<String> added = now.stream().filter(id -> !contacts.contains(id)).toList();
                if (!added.isEmpty()) {
                    ended(Outcome.KEPT, "changed since the drop: contacts added (" + String.join(", ", added) + ")");
                    return;
                }
                changedSince(current);
            }
            case CONTACT -> changedSince(current);
            case FIELDS -> emptying(current);
        }
    }

    /** Kept when its {@code date_updated} is later than the drop's write. */
    private void changedSince(Map<String, Object> current) {
        Instant updated = updated(current);
        if (updated != null && updated.isAfter(at)) {
            ended(Outcome.KEPT, "changed since the drop: date_updated " + current.get("date_updated")
                    + " is later than the drop's write at " + at);
        }
    }

    /**
     * The fields still as the drop wrote them go back to what they held before (empty, mostly); the others changed
     * since and are kept. Fields already as before (an earlier run of this undo emptied them) need nothing.
     */
    private void emptying(Map<String, Object> current) {
        Map<String, Object> back = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (Map.Entry<String, Object> field : written.entrySet()) {
            Object now = current.get(field.getKey());
            Object was = before.get(field.getKey());
            if (same(now, field.getValue())) {
                back.put(field.getKey(), was);
            } else if (same(now, was)) {
                already.add(field.getKey());
            } else {
                kept.add(field.getKey());
            }
        }
        String keptWords = kept.isEmpty() ? "" : "changed since the drop: kept " + String.join(", ", kept);
        if (back.isEmpty()) {
            if (!kept.isEmpty()) {
                ended(Outcome.KEPT, keptWords);
            } else {
                ended(resumed ? Outcome.EMPTIED : Outcome.GONE, (resumed ? "emptied by an earlier run: " : "already empty: ")
                        + String.join(", ", already));
            }
            return;
        }
        patch = back;
        detail = String.join(", ", back.keySet()) + (kept.isEmpty() ? "" : "; " + keptWords);
    }

    /** What the fields to empty are, and any kept, for the results file. */
    String fieldsWords() {
        return detail;
    }

    /** Whether some of the fields were kept: the undo took back only part of this write. */
    boolean partlyKept() {
        return detail != null && detail.contains("changed since the drop");
    }

    Set<String> emptiedFields() {
        return patch == null ? Set.of() : patch.keySet();
    }

    private static boolean same(Object a, Object b) {
        if (empty(a) && empty(b)) {
            return true;
        }
        return Objects.equals(Json.MAPPER.valueToTree(a), Json.MAPPER.valueToTree(b));
    }

    private static boolean empty(Object value) {
        return value == null || value instanceof String s && s.isEmpty() || value instanceof List<?> l && l.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> contactIds(Map<String, Object> lead) {
        Object contacts = lead.get("contacts");
        if (!(contacts instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(c -> String.valueOf(((Map<String, Object>) c).get("id")))
                .toList();
    }

    private static Instant updated(Map<String, Object> record) {
        Object value = record.get("date_updated");
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.toString()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    String what() {
        return kind.words;
    }

    /** The lead's or contact's name in the CRM, once looked at; null before, or when it was gone. */
    String name() {
        return name;
    }

    /** How the report names it: {@code lead created 'Initech' lead_…}. */
    String described() {
        return kind.words + (name == null ? "" : " '" + name + "'") + " " + (kind == Kind.CONTACT ? contactId : leadId);
    }
}
