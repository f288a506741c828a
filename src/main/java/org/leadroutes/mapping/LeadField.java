package org.leadroutes.mapping;

import java.util.List;

/**
 * The lead and contact fields a CSV column can feed, with the header spellings each is known by
 * (Close's own importer columns, and what CRM and spreadsheet exports use). Spellings are compared
 * after {@link ColumnMapping#normalise}, so "E-mail", "e_mail" and "EMAIL" are one.
 */
public enum LeadField {
    COMPANY("company", "company name", "account", "account name", "organization", "organisation",
            "organization name", "organisation name", "lead name", "business", "business name", "employer"),
    URL("url", "website", "web site", "website url", "company website", "web", "homepage"),
    STATUS("status", "lead status"),
    DESCRIPTION("description", "notes", "note", "comments", "comment", "lead description"),
    CONTACT("contact", "contact name", "full name", "name", "person"),
    FIRST_NAME("first name", "firstname", "given name", "first"),
    LAST_NAME("last name", "lastname", "surname", "family name", "last"),
    TITLE("title", "job title", "position", "role", "job role"),
    EMAIL("email", "e-mail", "email address", "e-mail address", "work email", "business email", "mail",
            "primary email", "contact email"),
    PHONE("phone", "phone number", "work phone", "telephone", "tel", "office phone", "business phone",
            "primary phone", "contact phone", "direct phone"),
    MOBILE_PHONE("mobile_phone", "mobile", "mobile phone", "cell", "cell phone", "mobile number", "cellphone"),
    FAX("fax", "fax number"),
    ADDRESS_1("address", "address_1", "address 1", "address line 1", "street", "street address",
            "mailing street", "billing street"),
    ADDRESS_2("address_2", "address 2", "address line 2"),
    CITY("city", "town", "mailing city", "billing city"),
    STATE("state", "province", "region", "state/province", "mailing state", "billing state"),
    ZIP("zip", "zipcode", "zip code", "postal code", "postcode", "mailing zip", "billing zip",
            "mailing postal code", "billing postal code"),
    COUNTRY("country", "country code", "mailing country", "billing country"),
    /** The id column of our own export: known, so it is not reported as unknown, and never sent. */
    LEAD_ID("lead_id", "lead id", "close lead id"),
    /** Any column the user maps to "ignore". */
    IGNORE();

    private final List<String> spellings;

    LeadField(String... spellings) {
        this.spellings = List.of(spellings);
    }

    public List<String> spellings() {
        return spellings;
    }

    /** The name used in mapping files and exported headers, e.g. {@code mobile_phone}. */
    public String key() {
        return name().toLowerCase();
    }
}
