package org.leadroutes.importing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One company of thousands of people (a big account's export): one lead with every distinct person once, a person
 * on several rows one contact with the phones of all of them, and every row in the results with its contact. The
 * group is bigger than {@link GroupSpill#ROWS_IN_MEMORY}, so its rows are read back from the spill where used.
 * (50,000 people at -Xmx128m is the {@code bigcompany} case of benchmarks/import-benchmark.sh.)
 */
class ImportBigCompanyTest extends ImportTestSupport {

    private static final int ROWS = 5_000;
    private static final String COMPANY = "Big Account Corp";

    @Test
    @SuppressWarnings("unchecked")
    void oneCompanyOfFiveThousandRowsIsOneLeadWithEveryPersonOnce() throws Exception {
        Random random = new Random(5_000L);
        StringBuilder csv = new StringBuilder("Company Name,First Name,Last Name,Email,Phone\n");
        Map<Integer, Integer> personOfLine = new HashMap<>();
        Map<Integer, Set<String>> phonesOfPerson = new HashMap<>();
        csv.append("Small Co,Ann,Lee,ann@small.example.com,\n"); // another company, before and after the big one
        for (int i = 0; i < ROWS; i++) {
            int person = i % 10 == 9 ? random.nextInt(i) : i; // each tenth row an earlier person again, another phone
            String phone = "+1415" + (230 + i % 70) + String.format("%04d", i % 10_000);
            csv.append(COMPANY).append(",First").append(person).append(",Last").append(person).append(",person")
                    .append(person).append("@bigaccount.example.com,").append(phone).append('\n');
            personOfLine.put(i + 3, person); // line 1 the header, line 2 Small Co
            phonesOfPerson.computeIfAbsent(person, k -> new HashSet<>()).add(phone);
        }
        csv.append("Small Co,Bo,Ray,bo@small.example.com,\n");
        Map<String, Object> report = importFile("big.csv", csv.toString());

        assertEquals("done", report.get("status"));
        assertEquals(ROWS + 2L, count(report, "rows"));
        assertEquals(0L, count(report, "rejected"));
        assertEquals(2L, count(report, "leadsCreated"));
        Map<String, Object> lead = lead(COMPANY);
        List<Map<String, Object>> contacts = (List<Map<String, Object>>) lead.get("contacts");
        assertEquals(phonesOfPerson.size(), contacts.size(), "every distinct person once");
        assertEquals(phonesOfPerson.size() + 2L, count(report, "contactsCreated"));
        Map<String, Map<String, Object>> byEmail = new HashMap<>();
        for (Map<String, Object> c : contacts) {
            List<Map<String, Object>> emails = (List<Map<String, Object>>) c.get("emails");
            assertEquals(1, emails.size(), "one email per person: " + c);
            assertEquals(null, byEmail.put((String) emails.get(0).get("email"), c), "a person twice: " + c);
        }
        phonesOfPerson.forEach((person, phones) -> {
            Map<String, Object> c = byEmail.get("person" + person + "@bigaccount.example.com");
            assertNotNull(c, "person " + person + " is a contact");
            assertEquals("First" + person + " Last" + person, c.get("name"));
            assertEquals(phones.size(), ((List<?>) c.get("phones")).size(), "the phones of every row of person " + person);
        });
        assertEquals(2, ((List<?>) lead("Small Co").get("contacts")).size());

        // every row in the results, with the lead and the contact it became: a person's rows share one contact
        List<CSVRecord> results = results("big.csv");
        assertEquals(ROWS + 2, results.size());
        Map<Integer, String> contactOfPerson = new HashMap<>();
        Set<String> contactIds = new HashSet<>();
        for (CSVRecord r : results) {
            assertEquals("created", r.get("action"), "line " + r.get("line"));
            assertTrue(!r.get("contact_id").isEmpty(), "line " + r.get("line") + " names its contact");
            Integer person = personOfLine.get(Integer.parseInt(r.get("line")));
            if (person != null) {
                assertEquals(lead.get("id"), r.get("lead_id"));
                String earlier = contactOfPerson.putIfAbsent(person, r.get("contact_id"));
                assertTrue(earlier == null || earlier.equals(r.get("contact_id")), "person " + person + "'s rows share a contact");
                contactIds.add(r.get("contact_id"));
            }
        }
        assertEquals(phonesOfPerson.size(), contactIds.size());
    }
}
