package org.leadroutes.mapping;

import java.util.List;
import java.util.Map;

/**
 * One CSV row, mapped and normalised: the lead fields it carries, its contact, and the key that
 * groups it with the other rows of its company. {@code original} keeps the raw cells so a row the
 * CRM refuses later can still go to the rejects file as it was. {@code leadId} is the CRM lead the
 * row names (the {@code lead_id} column our export writes), or null; {@code company} the row's company,
 * or null when it names none (the lead is then named after the person). {@code custom} holds each custom field's
 * value as the CRM takes it (a list for a field of several values); {@code dropped} the values left out.
 */
public record MappedRow(
        long row, // its line in a spreadsheet, the header being line 1
        String groupKey,
        String leadName,
        String company,
        String url,
        String statusId,
        String description,
        Address address,
        Map<String, Object> custom,
        Contact contact,
        String leadId,
        List<String> original,
        List<DroppedValue> dropped) {

    public MappedRow {
        dropped = dropped == null ? List.of() : List.copyOf(dropped);
    }

    public record Address(String address_1, String address_2, String city, String state, String zipcode, String country) {
    }

    public record Contact(String name, String title, List<String> emails, List<Phone> phones) {
    }

    public record Phone(String phone, String type) {
    }
}
