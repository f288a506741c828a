package org.leadroutes.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.camel.Ordered;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.util.IOHelper;

/**
 * Where the jar's settings come from, in one order (docs/configuration.md, "Where settings come from"), the
 * highest first: {@code -Dkey=value}, the environment ({@code LEADS_CRM_URL} for {@code leads.crm.url}), each
 * {@code --properties FILE} (the last one given first), {@code ./application.properties}, the jar's built-in
 * {@code application.properties}, and last the catalogue's defaults (registered by
 * {@link org.leadroutes.embedding.LeadSettings}).
 * <p>
 * Camel's properties component takes the first of its locations that has a key, and checks the environment
 * before system properties: the files are therefore handed to it highest first ({@link #locations}), and the
 * environment and {@code -D} are two ordered sources ahead of every file ({@link #install}). Everything is in
 * place before Camel Main configures anything, so every reader (the sandbox decision, the start-up checks, the
 * routes) sees the same values. {@link #early} reads a setting in the same order before Camel starts (logging).
 */
final class SettingsSources {

    /** The built-in settings, in the jar. */
    static final String BUILT_IN = "classpath:application.properties";
    /** The settings file in the working directory. */
    static final String WORKING_DIRECTORY = "file:application.properties";
    /** How the two sources ahead of the files name themselves (the {@code --print-settings} lines show them). */
    static final String JVM = "-D";
    static final String ENVIRONMENT = "environment";

    /** Camel's location sources are ordered from 100 on; these two come before them, -D first. */
    private static final int JVM_ORDER = 10;
    private static final int ENVIRONMENT_ORDER = 20;

    private SettingsSources() {
    }

    /** The settings files, highest first: the --properties files from the last given, then ./, then built-in. */
    static List<String> files(List<String> propertiesFiles) {
        List<String> files = new ArrayList<>();
        for (int i = propertiesFiles.size() - 1; i >= 0; i--) {
            String file = propertiesFiles.get(i);
            files.add("file:" + (file.startsWith("file:") ? file.substring(5) : file));
        }
        files.add(WORKING_DIRECTORY);
        files.add(BUILT_IN);
        return List.copyOf(files);
    }

    /** Camel Main's placeholder locations: the files, highest first (the two defaults may be missing). */
    static String locations(List<String> propertiesFiles) {
        return String.join(",", files(propertiesFiles).stream()
                .map(f -> f.equals(WORKING_DIRECTORY) || f.equals(BUILT_IN) ? f + ";optional=true" : f).toList());
    }

    /**
     * Puts {@code -D} and the environment ahead of the files, in that order: Camel's own look-ups of the two
     * (the environment before {@code -D}) are switched off for the component's placeholders; {@code {{env:X}}}
     * and {@code {{sys:x}}} still work.
     */
    static void install(org.apache.camel.spi.PropertiesComponent component) {
        PropertiesComponent pc = (PropertiesComponent) component;
        pc.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
        pc.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        pc.addPropertiesSource(new Source(JVM, JVM_ORDER) {
            @Override
            public String getProperty(String name) {
                return System.getProperty(name);
            }
        });
        pc.addPropertiesSource(new Source(ENVIRONMENT, ENVIRONMENT_ORDER) {
            @Override
            public String getProperty(String name) {
                return IOHelper.lookupEnvironmentVariable(name); // LEADS_CRM_URL for leads.crm.url
            }
        });
    }

    /**
     * A catalogued setting read before Camel starts, from the same sources in the same order. Nothing here may log:
     * the first logger fixes the log levels ({@code leads.log.verbose} is read to choose them).
     */
    static Optional<String> early(String key, List<String> propertiesFiles) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(org.leadroutes.embedding.SettingsCatalogue.load().byKey().get(key).environmentName());
        }
        for (String file : files(propertiesFiles)) {
            if (value != null) {
                break;
            }
            value = load(file).getProperty(key);
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    private static Properties load(String location) {
        Properties properties = new Properties();
        try (InputStream in = location.startsWith("classpath:")
                ? SettingsSources.class.getClassLoader().getResourceAsStream(location.substring("classpath:".length()))
                : Files.isReadable(Path.of(location.substring("file:".length())))
                        ? Files.newInputStream(Path.of(location.substring("file:".length()))) : null) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private abstract static class Source implements org.apache.camel.spi.PropertiesSource, Ordered {
        private final String name;
        private final int order;

        Source(String name, int order) {
            this.name = name;
            this.order = order;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public int getOrder() {
            return order;
        }
    }
}
