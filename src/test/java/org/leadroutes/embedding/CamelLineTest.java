package org.leadroutes.embedding;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CamelLineTest {

    @Test
    void theLineItIsBuiltOnIsInTheRange() {
        assertNull(CamelLine.problem("4.17.0"));
        assertNull(CamelLine.problem("4.17.3"));
        assertDoesNotThrow(() -> CamelLine.checkClasspath(getClass().getClassLoader()), "this build's own classpath");
    }

    @Test
    void anOlderOrNewerLineIsRefusedNamingTheRange() {
        for (String version : new String[] {"4.14.0", "4.22.0", "5.0.0"}) {
            String problem = CamelLine.problem(version);
            assertTrue(problem.startsWith("crm-lead-routes runs on Camel 4.17.x") && problem.contains("runs Camel " + version),
                    problem);
        }
    }
}
