package org.leadroutes.embedding;

import org.apache.camel.CamelContext;

/**
 * The Camel versions this library is tested on (docs/embedding.md has the hosts). A host on another line fails
 * its start here, naming the range, instead of meeting a missing method in the middle of a drop.
 */
final class CamelLine {

    /** The oldest Camel the library runs on: the line it is built with. */
    static final int[] OLDEST = {4, 17};
    /** The newest Camel line a host test runs it on (camel-spring-boot 4.22 on Spring Boot 4.0). */
    static final int[] NEWEST = {4, 22};

    private CamelLine() {
    }

    static void check(CamelContext context) {
        String problem = problem(context.getVersion());
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** Why a Camel version is not supported, or null when it is. */
    static String problem(String version) {
        String[] parts = version.split("[.-]");
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return null; // a build of its own (a snapshot's name): let it try
        }
        if (compare(major, minor, OLDEST) < 0 || compare(major, minor, NEWEST) > 0) {
            return "crm-lead-routes runs on Camel " + OLDEST[0] + "." + OLDEST[1] + " to " + NEWEST[0] + "." + NEWEST[1]
                    + ".x (camel-spring-boot " + OLDEST[0] + "." + OLDEST[1] + " with Spring Boot 3.5, "
                    + NEWEST[0] + "." + NEWEST[1] + " with Spring Boot 4.0); this application runs Camel " + version
                    + ": use a Camel in that range (see docs/embedding.md)";
        }
        return null;
    }

    private static int compare(int major, int minor, int[] line) {
        return major != line[0] ? Integer.compare(major, line[0]) : Integer.compare(minor, line[1]);
    }
}
