package org.leadroutes.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;

/**
 * The Camel line this library is tested on (docs/embedding.md has the hosts). A host outside it, or one whose
 * Camel jars are of two versions (the library's dependencies displacing some of the host's), fails its start
 * here naming the range, instead of meeting a missing class or method later.
 */
public final class CamelLine {

    /** The oldest Camel the library runs on: the line it is built with. */
    static final int[] OLDEST = {4, 17};
    /** The newest Camel line a host test runs it on. */
    static final int[] NEWEST = {4, 17};

    static final String RANGE = "crm-lead-routes runs on Camel " + OLDEST[0] + "." + OLDEST[1] + ".x"
            + " (Camel Main " + OLDEST[0] + "." + OLDEST[1] + ", or camel-spring-boot " + OLDEST[0] + "." + OLDEST[1]
            + " on Spring Boot 3.5)";

    /** The jars whose versions must agree: Camel's API, and camel-spring-boot where a host runs it. */
    private static final Map<String, String> JARS = new LinkedHashMap<>();

    static {
        JARS.put("camel-api", "META-INF/maven/org.apache.camel/camel-api/pom.properties");
        JARS.put("camel-core-engine", "META-INF/maven/org.apache.camel/camel-core-engine/pom.properties");
        JARS.put("camel-spring-boot", "META-INF/maven/org.apache.camel.springboot/camel-spring-boot/pom.properties");
    }

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
        JARS.forEach((jar, resource) -> {
            String version = version(loader, resource);
            if (version != null) {
                versions.put(jar, version);
            }
        });
        if (versions.values().stream().distinct().count() > 1) {
            throw new IllegalStateException(RANGE + "; this application's Camel jars are of different versions "
                    + versions + ": the host's Camel BOM must manage Camel's own modules too (import"
                    + " org.apache.camel:camel-bom at the host's Camel version before the library), and that version"
                    + " must be in the range; see docs/embedding.md");
        }
        versions.values().stream().findFirst().map(CamelLine::problem).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    private static String version(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
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

    private static int compare(int major, int minor, int[] line) {
        return major != line[0] ? Integer.compare(major, line[0]) : Integer.compare(minor, line[1]);
    }
}
