package org.leadroutes.operating;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.leadroutes.crm.CrmAuthException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness includes the CRM: it answers and takes the credentials, as the last check found it ({@link
 * OperatingRoutes} calls {@code direct:crm-check} every {@code leads.health.crm-check-ms}). Not liveness: a
 * CRM outage must not get the process restarted. Each change is logged once, naming the setting to fix when
 * the key is refused, so a wrong key shows at start-up rather than at the first drop or at 02:00.
 */
public class CrmReadiness extends AbstractHealthCheck {

    public static final String BEAN = "crmReadiness";
    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.operating");

    private final Duration period;
    private final String crm;
    private final String credentials;
    private volatile Instant checkedAt;
    private volatile String problem;
    private final java.util.List<Runnable> recoveries = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param crm         the CRM, for messages (no user info, no query)
     * @param credentials the setting to fix when the CRM refuses the credentials
     */
    public CrmReadiness(Duration period, String crm, String credentials) {
        super("leads", "crm");
        this.period = period;
        this.crm = crm;
        this.credentials = credentials;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("crm", crm);
        Instant checked = checkedAt;
        if (checked == null) {
            builder.down().message("the CRM has not been checked yet");
            return;
        }
        builder.detail("checked.at", checked.toString());
        Duration age = Duration.between(checked, Instant.now());
        if (age.compareTo(period.multipliedBy(2).plusSeconds(60)) > 0) {
            builder.down().message("no check of the CRM has finished for " + age.toSeconds() + " s");
        } else if (problem != null) {
            builder.down().message(problem);
        } else {
            builder.up();
        }
    }

    /** Runs {@code recovery} each time a check finds the CRM answering after none had, or after a failed one. */
    public void onRecovery(Runnable recovery) {
        recoveries.add(recovery);
    }

    /** The CRM answered and took the credentials. */
    public void up() {
        boolean recovered = checkedAt == null || problem != null;
        if (recovered) {
            LOG.info("the CRM at {} answers and takes the credentials: ready", crm);
        }
        problem = null;
        checkedAt = Instant.now();
        if (recovered) {
            recoveries.forEach(Runnable::run);
        }
    }

    /** The check failed: refused credentials, or no usable answer. */
    public void down(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable crmSays = org.apache.camel.util.ObjectHelper.getException(org.leadroutes.crm.CrmException.class, caught);
        Throwable e = crmSays != null ? crmSays : caught == null ? null
                : org.apache.commons.lang3.exception.ExceptionUtils.getRootCause(caught);
        String now = e instanceof CrmAuthException
                ? "the CRM at " + crm + " refused the credentials: nothing can be imported or exported until "
                        + credentials + " is fixed"
                : "the CRM at " + crm + " cannot be reached: " + (e == null ? "unknown failure" : e.getMessage());
        if (!now.equals(problem)) {
            LOG.error("{} (readiness DOWN until it answers)", now);
        }
        problem = now;
        checkedAt = Instant.now();
    }
}
