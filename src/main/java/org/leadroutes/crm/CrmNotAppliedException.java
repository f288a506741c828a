package org.leadroutes.crm;

/**
 * The CRM did not apply the call (429, 503, a connection never made, or any failure of a read), and
 * the call's retries or its wait ran out. Safe to send again later. Two kinds a person fixes differently have
 * types of their own: {@link CrmRedirectedException} and {@link CrmGarbledAnswerException}.
 */
public class CrmNotAppliedException extends CrmOutageException {
    public CrmNotAppliedException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }

    @Override
    public String advice() {
        if (status() == 0) {
            return "check leads.crm.url and the network";
        }
        return status() == 429 ? "the CRM's rate limit: lower leads.import.concurrency, or wait"
                : "the CRM reports a problem on its side (HTTP " + status() + ")";
    }
}
