package org.leadroutes.mapping;

import java.util.List;

/**
 * The lead and contact fields a CSV column can feed. The header spellings each is known by are data, in
 * {@code headers.yaml} ({@link KnownHeaders}).
 */
public enum LeadField {
    COMPANY, URL, STATUS, DESCRIPTION, CONTACT, FIRST_NAME, LAST_NAME, TITLE, EMAIL, PHONE, MOBILE_PHONE, FAX,
    ADDRESS_1, ADDRESS_2, CITY, STATE, ZIP, COUNTRY,
    /** The company's web domain ({@code flowers.net}): the lead's url when no column gives a website. */
    DOMAIN,
    /** Salesforce's {@code IsDeleted}: a row deleted in the source (1, true) is skipped, with the reason. */
    DELETED,
    /** The id column of our own export: known, so it is not reported as unknown, and never sent. */
    LEAD_ID,
    /** Any column mapped to "ignore". */
    IGNORE;

    /** The name used in mapping files and exported headers, e.g. {@code mobile_phone}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
