package org.leadroutes.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A week's exports as a user moves them into the inbox together: four files that overlap, each company in three
 * of them, with one person in every file that holds the company and one person of each file's own.
 */
public final class OverlappingWeeks {

    public static final int FILES = 4;
    public static final int COMPANIES = 80;

    private OverlappingWeeks() {
    }

    /**
     * File {@code f} holds the companies {@code c} with {@code (c + f) % 4 != 0}: every company in three of the
     * four files, each file with 60 of them. Company {@code c}'s people are {@code c}'s "buyer" (in every file
     * that holds it) and the file's own contact for it (only in that file).
     */
    public static List<String> files() {
        List<String> files = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            StringBuilder csv = new StringBuilder("company,contact,email\n");
            for (int c = 0; c < COMPANIES; c++) {
                if ((c + f) % FILES != 0) {
                    csv.append("Company ").append(c).append(",Buyer ").append(c).append(",buyer").append(c)
                            .append("@company").append(c).append(".example.com\n");
                    csv.append("Company ").append(c).append(",Person ").append(c).append('-').append(f).append(",p")
                            .append(f).append("@company").append(c).append(".example.com\n");
                }
            }
            files.add(csv.toString());
        }
        return files;
    }

    /** Each company once, with its buyer once and each file's own person once. */
    @SuppressWarnings("unchecked")
    public static void assertEachCompanyAndPersonOnce(List<Map<String, Object>> leads) {
        Map<String, List<String>> contacts = new TreeMap<>();
        for (Map<String, Object> lead : leads) {
            List<String> names = contacts.computeIfAbsent((String) lead.get("name"), k -> new ArrayList<>());
            if (!names.isEmpty()) {
                names.add("(a second lead)");
            }
            for (Map<String, Object> contact : (List<Map<String, Object>>) lead.get("contacts")) {
                names.add((String) contact.get("name"));
            }
        }
        Map<String, List<String>> expected = new TreeMap<>();
        for (int c = 0; c < COMPANIES; c++) {
            List<String> names = new ArrayList<>(List.of("Buyer " + c));
            for (int f = 0; f < FILES; f++) {
                if ((c + f) % FILES != 0) {
                    names.add("Person " + c + "-" + f);
                }
            }
            expected.put("Company " + c, names);
        }
        contacts.values().forEach(names -> names.sort(null));
        expected.values().forEach(names -> names.sort(null));
        Map<String, List<String>> wrong = new TreeMap<>(contacts);
        wrong.entrySet().removeIf(e -> e.getValue().equals(expected.get(e.getKey())));
        assertEquals(expected.keySet(), contacts.keySet(), "each company in the CRM");
        assertEquals(Map.of(), wrong, "companies not one lead with each person once");
    }
}
