package org.leadroutes.embedding.springboot;

import org.leadroutes.embedding.InvalidSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A host that does not start because of a {@code leads.*} setting says which one and what to do, in Spring Boot's
 * "APPLICATION FAILED TO START" report rather than under a stack of Camel's and Spring's wrappers.
 */
public class LeadsSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis("crm-lead-routes cannot start: " + cause.getMessage(),
                "Correct or remove that leads.* setting where the application is configured (application.yml or"
                        + " application.properties, a profile's file, a LEADS_* environment variable, a --leads.*"
                        + " argument). Every setting, its type and its default are listed in docs/configuration.md;"
                        + " leads.enabled=false leaves crm-lead-routes out of the application.", cause);
    }
}
