package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Leads in creation order. Each is kept as compact JSON bytes (benchmarks store hundreds of thousands, see
 * {@link LeadCodec}) next to the few fields filters need without parsing; reads decode and render on demand.
 */
final class LeadStore {

    /** One stored lead; {@code json} holds the rest of the lead, packed by {@link LeadCodec}. */
    record StoredLead(String id, String name, String statusId, String updated, byte[] json) {

        /** Its place in {@code date_updated} order (the sandbox writes every timestamp in one form, so text order is time order). */
        String updateKey() {
            return updated + ' ' + id;
        }
    }

    /** A page of matches plus how many matched in total. */
    record Slice(List<StoredLead> leads, int total) {
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<StoredLead> leads = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    /** The leads by date_updated, then id: a search walked by date_updated reads a page, not every lead. */
    private final java.util.NavigableMap<String, StoredLead> byUpdated = new java.util.TreeMap<>();
    /** Which lead holds each contact: GET and DELETE /contact/{id}/ find it without decoding every lead. */
    private final Map<String, String> contactLeads = new HashMap<>();
    private final LeadValidator validator;
    private final LeadCodec codec;
    private final LeadRenderer renderer;
    private final EventLog events;

    LeadStore(LeadValidator validator, LeadCodec codec, LeadRenderer renderer, EventLog events) {
        this.validator = validator;
        this.codec = codec;
        this.renderer = renderer;
        this.events = events;
    }

    /** Validates and stores a POST /lead/ payload; returns the lead as GET would. */
    Map<String, Object> create(Object payload) {
        Map<String, Object> lead = validator.lead(payload);
        lock.writeLock().lock();
        try {
            restore(lead);
            events.lead("created", (String) lead.get("id"), null, brief(lead), null, null);
        } finally {
            lock.writeLock().unlock();
        }
        return renderer.lead(lead);
    }

    /** What a created or updated event carries of the lead: the event log of a large store stays small. */
    private static Map<String, Object> brief(Map<String, Object> lead) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("id", lead.get("id"));
        data.put("name", lead.get("name"));
        data.put("date_updated", lead.get("date_updated"));
        return data;
    }

    /** Stores a lead a sandbox saved ({@link SandboxData}), in the validated form it was stored in: as it was. */
    void restore(Map<String, Object> lead) {
        StoredLead stored = codec.encode(lead);
        lock.writeLock().lock();
        try {
            positions.put(stored.id(), leads.size());
            leads.add(stored);
            byUpdated.put(stored.updateKey(), stored);
            for (Map<String, Object> contact : LeadRenderer.listOfMaps(lead.get("contacts"))) {
                contactLeads.put((String) contact.get("id"), stored.id());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Every lead in creation order, in the validated form it is stored in, for {@link SandboxData}. */
    List<Map<String, Object>> stored() {
        lock.readLock().lock();
        try {
            List<Map<String, Object>> all = new ArrayList<>(leads.size());
            leads.forEach(lead -> all.add(codec.decode(lead)));
            return all;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Validates a POST /contact/ payload and appends the contact to its lead; returns the contact as Close does. */
    Map<String, Object> addContact(Object payload) {
        LeadValidator.NewContact created = validator.contact(payload);
        lock.writeLock().lock();
        try {
            Integer position = positions.get(created.leadId());
            if (position == null) {
                throw new ValidationException(List.of(), Map.of("lead_id", "Lead does not exist."));
            }
            Map<String, Object> lead = codec.decode(leads.get(position));
            List<Map<String, Object>> contacts = new ArrayList<>(LeadRenderer.listOfMaps(lead.get("contacts")));
            contacts.add(created.contact());
            lead.put("contacts", contacts);
            lead.put("date_updated", created.contact().get("date_updated"));
            replace(position, codec.encode(lead));
            contactLeads.put((String) created.contact().get("id"), created.leadId());
            events.lead("updated", created.leadId(), null, brief(lead), null, List.of("contacts"));
        } finally {
            lock.writeLock().unlock();
        }
        return renderer.contact(created.contact(), created.leadId());
    }

    /** Applies a PUT /lead/{id}/ patch; empty when no such lead. */
    Optional<Map<String, Object>> update(String id, Object payload) {
        lock.writeLock().lock();
        try {
            Integer position = positions.get(id);
            if (position == null) {
                return Optional.empty();
            }
            Map<String, Object> patched = validator.patch(codec.decode(leads.get(position)), payload);
            replace(position, codec.encode(patched));
            events.lead("updated", id, null, brief(patched), null,
                    payload instanceof Map<?, ?> changes ? changes.keySet().stream().map(Object::toString).toList() : null);
            return Optional.of(renderer.lead(patched));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * DELETE /lead/{id}/: the lead goes with its contacts; returns it as GET answered just before, or empty
     * when there is no such lead (already deleted included).
     */
    Optional<Map<String, Object>> delete(String id) {
        lock.writeLock().lock();
        try {
            Optional<Map<String, Object>> gone = remove(id);
            gone.ifPresent(lead -> events.lead("deleted", id, null, null, lead, null));
            return gone;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Takes a lead and its contacts out of the store (under the write lock); returns it as GET answered just before. */
    private Optional<Map<String, Object>> remove(String id) {
        Integer position = positions.remove(id);
        if (position == null) {
            return Optional.empty();
        }
        StoredLead gone = leads.remove((int) position);
        byUpdated.remove(gone.updateKey());
        for (int i = position; i < leads.size(); i++) {
            positions.put(leads.get(i).id(), i);
        }
        Map<String, Object> lead = codec.decode(gone);
        for (Map<String, Object> contact : LeadRenderer.listOfMaps(lead.get("contacts"))) {
            contactLeads.remove((String) contact.get("id"));
        }
        return Optional.of(renderer.lead(lead));
    }

    /**
     * POST /lead/merge/: the source's contacts move to the destination (which counts as updated now) and the source
     * is gone; one {@code merged} event names both. Refused (a field error) when either lead does not exist or they
     * are the same lead.
     */
    void merge(String sourceId, String destinationId) {
        lock.writeLock().lock();
        try {
            Map<String, String> errors = new java.util.LinkedHashMap<>();
            if (sourceId == null || !positions.containsKey(sourceId)) {
                errors.put("source", "Lead does not exist.");
            }
            if (destinationId == null || !positions.containsKey(destinationId)) {
                errors.put("destination", "Lead does not exist.");
            }
            if (errors.isEmpty() && sourceId.equals(destinationId)) {
                errors.put("destination", "A lead cannot be merged into itself.");
            }
            if (!errors.isEmpty()) {
                throw new ValidationException(List.of(), errors);
            }
            List<Map<String, Object>> moving = LeadRenderer.listOfMaps(codec.decode(leads.get(positions.get(sourceId))).get("contacts"));
            remove(sourceId);
            int position = positions.get(destinationId);
            Map<String, Object> destination = codec.decode(leads.get(position));
            List<Map<String, Object>> contacts = new ArrayList<>(LeadRenderer.listOfMaps(destination.get("contacts")));
            contacts.addAll(moving);
            if (!contacts.isEmpty()) {
                destination.put("contacts", contacts);
            }
            destination.put("date_updated", validator.now());
            replace(position, codec.encode(destination));
            moving.forEach(contact -> contactLeads.put((String) contact.get("id"), destinationId));
            events.lead("merged", destinationId, Map.of("merge_source_lead_id", sourceId,
                    "merge_destination_lead_id", destinationId), brief(destination), null, null);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** GET /contact/{id}/: the contact as Close renders it, or empty when there is no such contact. */
    Optional<Map<String, Object>> contact(String contactId) {
        lock.readLock().lock();
        try {
            String leadId = contactLeads.get(contactId);
            if (leadId == null) {
                return Optional.empty();
            }
            for (Map<String, Object> contact : LeadRenderer.listOfMaps(codec.decode(leads.get(positions.get(leadId))).get("contacts"))) {
                if (contactId.equals(contact.get("id"))) {
                    return Optional.of(renderer.contact(contact, leadId));
                }
            }
            return Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * DELETE /contact/{id}/: the contact leaves its lead, which counts as updated now; false when there is no
     * such contact.
     */
    boolean deleteContact(String contactId) {
        lock.writeLock().lock();
        try {
            String leadId = contactLeads.remove(contactId);
            if (leadId == null) {
                return false;
            }
            int position = positions.get(leadId);
            Map<String, Object> lead = codec.decode(leads.get(position));
            List<Map<String, Object>> contacts = new ArrayList<>(LeadRenderer.listOfMaps(lead.get("contacts")));
            contacts.removeIf(contact -> contactId.equals(contact.get("id")));
            if (contacts.isEmpty()) {
                lead.remove("contacts");
            } else {
                lead.put("contacts", contacts);
            }
            lead.put("date_updated", validator.now());
            replace(position, codec.encode(lead));
            events.lead("updated", leadId, null, brief(lead), null, List.of("contacts"));
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void replace(int position, StoredLead changed) {
        byUpdated.remove(leads.get(position).updateKey());
        leads.set(position, changed);
        byUpdated.put(changed.updateKey(), changed);
    }

    /**
     * Walks the leads in {@code date_updated} order (then id) from {@code onOrAfter} up to {@code before}
     * (timestamps in the sandbox's own form; null: unbounded), or newest first, rendered, until {@code visitor}
     * returns false.
     */
    void inUpdateOrder(String onOrAfter, String before, boolean newestFirst, Predicate<Map<String, Object>> visitor) {
        lock.readLock().lock();
        try {
            java.util.NavigableMap<String, StoredLead> range = byUpdated;
            if (onOrAfter != null) {
                range = range.tailMap(onOrAfter, true);
            }
            if (before != null) {
                range = range.headMap(before, false); // "<before> <id>" sorts after "<before>": left out
            }
            for (StoredLead lead : (newestFirst ? range.descendingMap() : range).values()) {
                if (!visitor.test(render(lead))) {
                    return;
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    Optional<StoredLead> find(String id) {
        lock.readLock().lock();
        try {
            Integer position = positions.get(id);
            return position == null ? Optional.empty() : Optional.of(leads.get(position));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Up to {@code limit} leads after skipping {@code skip} matches of {@code filter} (null: all leads, which
     * needs no scan), oldest first or newest first.
     */
    Slice slice(Predicate<StoredLead> filter, boolean newestFirst, int skip, int limit) {
        lock.readLock().lock();
        try {
            List<StoredLead> source = leads;
            if (filter != null) {
                source = new ArrayList<>();
                for (StoredLead lead : leads) {
                    if (filter.test(lead)) {
                        source.add(lead);
                    }
                }
            }
            int total = source.size();
            List<StoredLead> page = new ArrayList<>(Math.max(0, Math.min(limit, total - skip)));
            for (int i = skip; i < total && page.size() < limit; i++) {
                page.add(source.get(newestFirst ? total - 1 - i : i));
            }
            return new Slice(page, total);
        } finally {
            lock.readLock().unlock();
        }
    }

    Map<String, Object> render(StoredLead lead) {
        return renderer.lead(codec.decode(lead));
    }

    /** The stored contacts of a lead, rendered. */
    List<Map<String, Object>> contacts(StoredLead lead) {
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (Map<String, Object> contact : LeadRenderer.listOfMaps(codec.decode(lead).get("contacts"))) {
            contacts.add(renderer.contact(contact, lead.id()));
        }
        return contacts;
    }

    int size() {
        lock.readLock().lock();
        try {
            return leads.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    void clear() {
        lock.writeLock().lock();
        try {
            leads.clear();
            positions.clear();
            byUpdated.clear();
            contactLeads.clear();
            events.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
