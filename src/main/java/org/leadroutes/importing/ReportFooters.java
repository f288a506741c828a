package org.leadroutes.importing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The summary and legal lines report exports write below their rows (Salesforce: "Grand Totals (5 records)",
 * "Confidential Information - Do Not Distribute", "Copyright (c) 2000-2025 salesforce.com, inc. All rights
 * reserved."), told by their words when they stand alone on a line. Specific enough that no company is
 * taken for one: "Total" alone is not, "Grand Totals" and "(5 records)" are.
 */
final class ReportFooters {

    private record Kind(Pattern words, String reason) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(Pattern.compile("(?i)^(grand\\s+totals?|sub-?totals?|totals?)\\b.*\\(\\s*[\\d.,']+\\s+(records?|rows?)\\s*\\)$"),
                    "a report's total line"),
            new Kind(Pattern.compile("(?i)^grand\\s+totals?\\b.*"), "a report's total line"),
            new Kind(Pattern.compile("(?i)^(sub-?totals?|totals?)\\s*[:=]\\s*[\\d.,']+\\s*(records?|rows?)?$"), "a report's total line"),
            new Kind(Pattern.compile("(?i)^\\(?\\s*[\\d.,']+\\s+(records?|rows?)\\s*\\)?$"), "a report's count line"),
            new Kind(Pattern.compile("(?i)^confidential(\\s+information)?\\b.*"), "a report's confidentiality line"),
            new Kind(Pattern.compile("(?i)^(copyright\\b|\\(c\\)\\s*\\d{4}|©).*"), "a report's copyright line"),
            new Kind(Pattern.compile("(?i)^(generated|exported|report (generated|run))\\s+(by|on|at)\\b.*"),
                    "a report's generated-by line"));

    private ReportFooters() {
    }

    /** Why a line holding only {@code text} is a report's footer, or null when it may be data. */
    static String reason(String text) {
        String t = text.strip();
        for (Kind kind : KINDS) {
            if (kind.words().matcher(t).matches()) {
                return kind.reason();
            }
        }
        return null;
    }
}
