package org.leadroutes.app;

import java.nio.file.Path;
import java.util.List;

/** {@link SandboxOnlyTest} with the documented command itself: {@code java -jar target/crm-lead-routes.jar --sandbox-only}. */
class SandboxOnlyIT extends SandboxOnlyTest {

    @Override
    protected List<String> application() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("leads.jar.runnable", "target/crm-lead-routes.jar")).toAbsolutePath().toString());
    }
}
