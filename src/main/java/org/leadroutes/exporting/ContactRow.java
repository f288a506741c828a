package org.leadroutes.exporting;

import java.util.List;
import java.util.Map;

/**
 * One CSV row: a lead's columns and one of its contacts (or none), whatever API style it came from.
 * {@code custom} is keyed by the CRM custom field's name.
 */
record ContactRow(
        String leadId,
        String company,
        String url,
        String status,
        String description,
        String contact,
        String title,
        List<String> emails,
        List<String> phones,
        List<String> mobiles,
        List<String> faxes,
        Address address,
        Map<String, String> custom) {

    record Address(String address1, String address2, String city, String state, String zip, String country) {
        static final Address NONE = new Address(null, null, null, null, null, null);
    }
}
