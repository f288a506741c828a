package org.leadroutes.crm;

/**
 * A read (or a repeatable write) kept getting a 2xx that is not the CRM's JSON ({@link Outcome#GARBLED}: an HTML
 * page, a body cut short) past its retries: something in front of the CRM (a proxy, a captive portal, a
 * maintenance page) answers for it. An outage: work waits, the readiness check is DOWN. A create so answered is
 * not this: it is uncertain ({@link CrmOutcomeUnknownException}), looked up later.
 */
public class CrmGarbledAnswerException extends CrmNotAppliedException {
    public CrmGarbledAnswerException(String message, int status) {
        super(message, status, null);
    }

    @Override
    public String advice() {
        return "something in front of the CRM (a proxy, a maintenance page) answers instead of it: check leads.crm.url"
                + " and the network";
    }
}
