package org.leadroutes.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.leadroutes.operating.RunRecord;

/**
 * The standalone jar: Camel Main with the settings of every source in one order ({@link SettingsSources}: the
 * built-in ones, {@code application.properties} in the working directory, {@code --properties FILE}, the environment
 * and {@code -D}, each over the one before), the YAML flows from {@code routes/} (or,
 * without that folder, from the jar) and the Java routes of {@link org.leadroutes.embedding.LeadRoutes}. With no {@code leads.crm.url} (and no
 * key) it starts the embedded sandbox CRM first. {@code --once} (or {@code leads.once=true}) imports the
 * inbox, runs one export and exits with {@link RunRecord#exitCode()} ({@code --undo DROP}: takes that drop back out of
 * the CRM instead, {@link OnceRun}); a start that fails, or a CRM that
 * refuses the key in a one-shot run, exits with {@value RunRecord#INVALID_CONFIGURATION}. Without routes:
 * {@code --print-settings} prints every setting and its source, {@code --sandbox-only} runs just the sandbox CRM.
 */
public final class LeadRoutesApplication {

    private LeadRoutesApplication() {
    }

    public static void main(String[] args) {
        System.exit(run(args)); // also when the sandbox's server threads would keep the JVM alive
    }

    /** Runs the application to its end and returns the exit code. */
    static int run(String[] args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("crm-lead-routes: " + e.getMessage());
            return RunRecord.INVALID_CONFIGURATION;
        }
        boolean verbose = verbose(SettingsSources.early("leads.log.verbose", arguments.propertyFiles()).orElse(null));
        if (verbose) { // before the first logger: log4j2.properties reads these
            System.setProperty("leadroutes.log.detail", "INFO");
            System.setProperty("leadroutes.log.rollback", "WARN");
        }
        Main main = new Main(LeadRoutesApplication.class) {
            @Override
            protected CamelContext createCamelContext() {
                CamelContext context = super.createCamelContext();
                SettingsSources.install(context.getPropertiesComponent()); // -D and the environment ahead of the files
                return context;
            }
        };
        // Camel's inventory (every setting, every route) only when asked for; application.properties may say otherwise
        main.addInitialProperty("camel.main.auto-configuration-log-summary", Boolean.toString(verbose));
        main.addInitialProperty("camel.main.startup-summary-level", verbose ? "Default" : "Oneline");
        main.setDefaultPropertyPlaceholderLocation(SettingsSources.locations(arguments.propertyFiles()));
        // the YAML flows: routes/ in the working directory when there is one (edited without rebuilding),
        // else the copies in the jar; a camel.main.routes-include-pattern of the user's wins over both
        main.addInitialProperty("camel.main.routes-include-pattern", Files.isDirectory(Path.of("routes"))
                ? "file:routes/*.yaml" : "classpath:org/leadroutes/routes/*.yaml");
        if (arguments.once() || arguments.undo() != null) { // the command line's word is final: not a leads.once=false in a file
            main.addOverrideProperty("leads.once", "true");
        }
        if (arguments.undo() != null) { // a one-shot run that takes the drop back instead of importing and exporting
            main.addOverrideProperty(OnceRun.UNDO, arguments.undo());
        }
        if (arguments.mode() != Mode.ROUTES) { // no routes, no management port: the settings, or the sandbox alone
            main.addOverrideProperty("camel.main.routes-collector-enabled", "false"); // no YAML flows
            main.addOverrideProperty("camel.main.routes-builder-classes", NoRoutes.class.getName()); // no LeadRoutes
            main.addOverrideProperty("camel.management.enabled", "false");
        }
        SandboxWhenNoCrm sandbox = new SandboxWhenNoCrm(arguments.mode() == Mode.SANDBOX_ONLY);
        main.addMainListener(sandbox);
        StartUp startUp = new StartUp(main, sandbox, arguments.mode());
        main.addMainListener(startUp);
        int code;
        try {
            code = main.run(arguments.camelArgs());
        } catch (Throwable e) { // Camel has logged why; a failed start must not leave the JVM running
            System.err.println("crm-lead-routes did not start: " + reason(e));
            return RunRecord.INVALID_CONFIGURATION;
        } finally {
            sandbox.release(); // closed (its data file written) before the JVM ends, killed or not
        }
        if (!startUp.started()) {
            return RunRecord.INVALID_CONFIGURATION;
        }
        return startUp.exitCode() != null ? startUp.exitCode() : code;
    }

    /** {@code leads.log.verbose}, read before logging starts (a system property or the environment). */
    static boolean verbose(String value) {
        return value != null && Boolean.parseBoolean(value.trim());
    }

    /** What a user can act on: the message of the invalid setting, else of the deepest cause. */
    static String reason(Throwable e) {
        Throwable invalid = org.apache.camel.util.ObjectHelper.getException(
                org.leadroutes.embedding.InvalidSettingException.class, e);
        if (invalid != null) {
            return invalid.getMessage();
        }
        Throwable deepest = org.apache.commons.lang3.exception.ExceptionUtils.getRootCause(e);
        return deepest.getMessage() != null ? deepest.getMessage() : deepest.toString();
    }

    /** The jar's own arguments; the rest go to Camel Main. */
    record Arguments(boolean once, Mode mode, List<String> propertyFiles, String[] camelArgs, String undo) {

        static Arguments parse(String[] args) {
            boolean once = false;
            String undo = null;
            Mode mode = Mode.ROUTES;
            List<String> files = new ArrayList<>();
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--once")) {
                    once = true;
                } else if (arg.equals("--undo") || arg.startsWith("--undo=")) { // --undo DROP: the drop to take back
                    if (arg.equals("--undo") && (i + 1 >= args.length || args[i + 1].startsWith("-"))) {
                        throw new IllegalArgumentException("--undo needs a drop: the name it was archived under in"
                                + " inbox/.done/ (e.g. leads.20261123-151200.123.csv) or its report");
                    }
                    undo = arg.equals("--undo") ? args[++i] : arg.substring("--undo=".length());
                } else if (arg.equals(Mode.PRINT_SETTINGS.argument) || arg.equals(Mode.SANDBOX_ONLY.argument)) {
                    Mode asked = arg.equals(Mode.PRINT_SETTINGS.argument) ? Mode.PRINT_SETTINGS : Mode.SANDBOX_ONLY;
                    if (mode != Mode.ROUTES && mode != asked) {
                        throw new IllegalArgumentException(mode.argument + " and " + asked.argument + " exclude each other");
                    }
                    mode = asked;
                } else if (arg.equals("--properties") || arg.equals("-pl") || arg.equals("-propertiesLocation")) {
                    // Camel Main's -pl would replace the built-in settings; here every file goes on top of them
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a file");
                    }
                    files.add(args[++i]);
                } else if (arg.startsWith("--properties=")) {
                    files.add(arg.substring("--properties=".length()));
                } else {
                    rest.add(arg);
                }
            }
            for (String file : files) {
                Path path = Path.of(file.startsWith("file:") ? file.substring(5) : file);
                if (!Files.isReadable(path)) {
                    throw new IllegalArgumentException("the properties file " + path.toAbsolutePath()
                            + " does not exist or cannot be read");
                }
            }
            if (undo != null && mode != Mode.ROUTES) {
                throw new IllegalArgumentException("--undo and " + mode.argument + " exclude each other");
            }
            return new Arguments(once, mode, List.copyOf(files), rest.toArray(String[]::new), undo);
        }
    }

    /** What the jar runs: the routes (a service or {@code --once}), or, without routes, one of the two below. */
    enum Mode {
        ROUTES(null),
        /** Prints every setting as the routes would see it and where it came from (secrets masked), then exits. */
        PRINT_SETTINGS("--print-settings"),
        /** Just the sandbox CRM, on leads.sandbox.port (default {@value SandboxWhenNoCrm#SANDBOX_ONLY_PORT}), until killed. */
        SANDBOX_ONLY("--sandbox-only");

        final String argument;

        Mode(String argument) {
            this.argument = argument;
        }
    }
}
