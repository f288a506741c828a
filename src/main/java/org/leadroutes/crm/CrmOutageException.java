package org.leadroutes.crm;

/**
 * The CRM does not take calls now, for a reason no file can fix: it cannot be reached, it kept answering
 * 5xx (or rate-limiting) past the call's retries, or it refuses the credentials. Nothing was applied by the
 * call that met it. Work that meets it waits and tries again later (a drop goes back to waiting in the inbox);
 * it never makes a file bad. {@link #advice()} says what a person can check meanwhile.
 */
public abstract class CrmOutageException extends CrmException {

    protected CrmOutageException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }

    /** What a person can check while the work waits, e.g. {@code check leads.crm.url and the network}. */
    public abstract String advice();
}
