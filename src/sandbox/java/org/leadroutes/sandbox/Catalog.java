package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The organisation's lead statuses and lead custom fields. Reads far outnumber additions, so the lists
 * are immutable snapshots swapped on write and read without locking.
 */
final class Catalog {

    record Status(String id, String label) {
    }

    /** @param choices a {@code choices} field's options (empty for other types) */
    record CustomField(String id, String name, String type, String dateCreated, List<String> choices) {
    }

    private volatile List<Status> statuses = List.of();
    private volatile List<CustomField> customFields = List.of();

    /** Close's default statuses and a few typical custom fields, so a fresh sandbox behaves like a new org. */
    static Catalog withDefaults() {
        Catalog catalog = new Catalog();
        for (String label : List.of("Potential", "Bad Fit", "Qualified", "Customer")) {
            catalog.addStatus(label);
        }
        catalog.addCustomField("Industry", "text");
        catalog.addCustomField("Lead Source", "text");
        catalog.addCustomField("Employees", "number");
        return catalog;
    }

    /** A catalog as a sandbox saved it ({@link SandboxData}): the same ids, so its leads' statuses and fields hold. */
    static Catalog restored(List<Status> statuses, List<CustomField> customFields) {
        Catalog catalog = new Catalog();
        catalog.statuses = List.copyOf(statuses);
        catalog.customFields = List.copyOf(customFields);
        return catalog;
    }

    /** Returns the id of the status with this label, creating it when absent. */
    synchronized String addStatus(String label) {
        requireText(label, "label");
        Optional<Status> existing = statusByLabel(label);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        Status status = new Status(Ids.next("stat_"), label);
        List<Status> copy = new ArrayList<>(statuses);
        copy.add(status);
        statuses = List.copyOf(copy);
        return status.id();
    }

    /** Returns the id of the custom field with this name, creating it when absent. */
    synchronized String addCustomField(String name, String type) {
        return addCustomField(name, type, List.of());
    }

    /** Returns the id of the custom field with this name, creating it (with these options, for choices) when absent. */
    synchronized String addCustomField(String name, String type, List<String> choices) {
        requireText(name, "name");
        requireText(type, "type");
        Optional<CustomField> existing = customFieldByName(name);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        CustomField field = new CustomField(Ids.next("cf_"), name, type, Timestamps.now(), List.copyOf(choices));
        List<CustomField> copy = new ArrayList<>(customFields);
        copy.add(field);
        customFields = List.copyOf(copy);
        return field.id();
    }

    List<Status> statuses() {
        return statuses;
    }

    List<CustomField> customFields() {
        return customFields;
    }

    /** The status a lead gets when the payload names none: the first one, as in Close. */
    Status defaultStatus() {
        List<Status> current = statuses;
        if (current.isEmpty()) {
            throw new IllegalStateException("no lead statuses defined");
        }
        return current.get(0);
    }

    Optional<Status> statusById(String id) {
        return statuses.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    Optional<Status> statusByLabel(String label) {
        return statuses.stream().filter(s -> s.label().equalsIgnoreCase(label)).findFirst();
    }

    Optional<CustomField> customFieldById(String id) {
        return customFields.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    Optional<CustomField> customFieldByName(String name) {
        return customFields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
