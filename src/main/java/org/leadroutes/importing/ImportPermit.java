package org.leadroutes.importing;

/**
 * Whether this process may start sending leads now. Several replicas bind one in the registry ({@value #BEAN}):
 * a replica that stops leading the import (its database session ended, another replica may lead) refuses, so its
 * drop starts no lead more, ends with the leads already on their way (each recorded in the ledger), and is left
 * in the inbox for the replica that leads now, which resumes it from the ledger. One process binds none.
 */
public interface ImportPermit {

    /** The registry name the replicas bind theirs under. */
    String BEAN = "leadsImportPermit";

    /** Null while this process may start sending leads; else why not, for the log and the report. */
    String refusal();

    /** The refusal of the permit bound in the context; null when it allows, or one process binds none. */
    static String refusalIn(org.apache.camel.CamelContext context) {
        ImportPermit permit = context.getRegistry().lookupByNameAndType(BEAN, ImportPermit.class);
        return permit == null ? null : permit.refusal();
    }
}
