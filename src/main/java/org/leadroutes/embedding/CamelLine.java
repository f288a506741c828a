package org.leadroutes.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;

/**
 * The Camel lines this library is tested on (docs/embedding.md has the hosts): it is built on the oldest and runs
 * on whichever Camel in the range the host brings. A host outside the range, or one whose Camel jars are of two
 * versions (the library's Camel modules not aligned to the host's Camel), fails its start here naming the range,
 * instead of meeting a missing class or method later.
 */
public final class CamelLine {

    /** The oldest Camel the library runs on: the line it is built with. */
    static final int[] OLDEST = {4, 17};
    /** The newest Camel line a host test runs it on. */
    static final int[] NEWEST = {4, 22};

    static final String RANGE = "crm-lead-routes runs on Camel " + line(OLDEST) + ".x to " + line(NEWEST) + ".x"
            + " (tested: Camel Main 4.17, 4.18 and 4.22; camel-spring-boot 4.17 on Spring Boot 3.5,"
            + " camel-spring-boot 4.22 on Spring Boot 4.0)";

    /**
     * The jars whose versions must agree: Camel's API and core, camel-spring-boot where a host runs it, and each Camel
     * module the library depends on (the pom's {@code org.apache.camel} dependencies; CamelLineTest keeps the two
     * equal), as those are the ones a host's BOM may leave at the library's version.
     */
    static final List<String> JARS = List.of("camel-api", "camel-core-engine", "camel-spring-boot",
            "camel-main", "camel-yaml-dsl", "camel-file", "camel-http", "camel-jackson", "camel-quartz", "camel-bean",
            "camel-direct", "camel-log", "camel-ftp", "camel-timer", "camel-cluster", "camel-health",
            "camel-micrometer-prometheus", "camel-platform-http-main");

    private CamelLine() {
    }

    static void check(CamelContext context) {
        String problem = problem(context.getVersion());
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /**
     * Before a host's Camel starts: its Camel jars are of one version, in the range. A Spring Boot host calls it
     * before its context refreshes, as a mixed classpath fails there already.
     */
    public static void checkClasspath(ClassLoader loader) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String jar : JARS) {
            String version = version(loader, jar);
            if (version != null) {
                versions.put(jar, version);
            }
        }
        if (versions.values().stream().distinct().count() > 1) {
            throw new IllegalStateException(RANGE + "; this application's Camel jars are of different versions "
                    + versions + ": its Camel BOM must manage Camel's own modules too (a Spring Boot application"
                    + " imports org.apache.camel:camel-bom beside camel-spring-boot-bom, at the same version), and that"
                    + " version must be in the range; see docs/embedding.md");
        }
        versions.values().stream().findFirst().map(CamelLine::problem).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    private static String version(ClassLoader loader, String jar) {
        String group = jar.equals("camel-spring-boot") ? "org.apache.camel.springboot" : "org.apache.camel";
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/" + group + "/" + jar + "/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            return null;
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
            return RANGE + "; this application runs Camel " + version + ": use a Camel in that range (see docs/embedding.md)";
        }
        return null;
    }

    private static String line(int[] line) {
        return line[0] + "." + line[1];
    }

    private static int compare(int major, int minor, int[] line) {
        return major != line[0] ? Integer.compare(major, line[0]) : Integer.compare(minor, line[1]);
    }
}
