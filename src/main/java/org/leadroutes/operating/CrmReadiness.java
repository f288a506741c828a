package org.leadroutes.operating;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.leadroutes.crm.CrmAnswers;
import org.leadroutes.crm.CrmAuthException;
import org.leadroutes.crm.CrmException;
import org.leadroutes.crm.CrmGarbledAnswerException;
import org.leadroutes.crm.CrmNotAppliedException;
import org.leadroutes.crm.CrmRedirectedException;
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
    /** Where the CRM's address redirects to, while the last check met a redirect. */
    private volatile String location;
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
        this.host = host(crm);
    }

    /**
     * The CRM as its host and port: readiness messages name it so, without a slash, because Camel's health
     * endpoint escapes a check's message twice ({@code http:\/\/} after parsing); the {@code crm} detail and
     * the log have the whole URL.
     */
    static String host(String crm) {
        try {
            java.net.URI uri = java.net.URI.create(crm);
            if (uri.getHost() != null) {
                return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            }
        } catch (IllegalArgumentException e) {
            // not a URI: named as it is
        }
        return crm;
    }

    private final String host;

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
            if (location != null) {
                builder.detail("crm.location", location);
            }
            builder.down().message(problem);
        } else {
            builder.up();
        }
    }

    /**
     * Waits until the first check has finished (at start-up it runs at once), at most {@code atMost}: so the
     * start-up log says how the CRM is before the first drop. @return whether it has
     */
    public boolean awaitFirstCheck(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (this) {
            while (checkedAt == null && deadline - System.nanoTime() > 0) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        return checkedAt != null;
    }

    private synchronized void checked() {
        notifyAll();
    }

    /** The readiness message: what is wrong, in a line a person reads, from the failure's type. */
    private String problem(Throwable e) {
        if (e instanceof CrmAuthException) {
            return "the CRM at " + host + " refused the credentials: nothing can be imported or exported until "
                    + credentials + " is fixed";
        }
        if (e instanceof CrmRedirectedException redirect) {
            return "the CRM at " + host + " answers " + redirect.status() + ", a redirect "
                    + (redirect.location() == null ? "naming no Location" : "to " + redirect.location())
                    + ", not followed: check leads.crm.url";
        }
        if (e instanceof CrmGarbledAnswerException garbled) {
            return "the CRM at " + host + " answers " + garbled.status() + " without its JSON (an HTML page?): "
                    + garbled.advice();
        }
        if (e instanceof CrmNotAppliedException outage) {
            if (outage.status() == 0) {
                return "cannot reach the CRM at " + host + " (" + CrmAnswers.why(outage.getCause()) + "): "
                        + outage.advice();
            }
            return "the CRM at " + host + " answers " + outage.status() + ": " + outage.advice();
        }
        if (e instanceof CrmException refused) {
            return "the CRM at " + host + " refuses the check (HTTP " + refused.status() + "): is leads.crm.url"
                    + " its API base, and leads.crm.api its style?";
        }
        return "the CRM at " + host + " cannot be checked (" + (e == null ? "unknown failure" : e.getClass().getSimpleName())
                + "): see the log";
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
        location = null;
        checkedAt = Instant.now();
        checked();
        if (recovered) {
            recoveries.forEach(Runnable::run);
        }
    }

    /** The check failed: refused credentials, or no usable answer. */
    public void down(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable crmSays = ExceptionUtils.throwableOfType(caught, org.leadroutes.crm.CrmException.class);
        Throwable e = crmSays != null ? crmSays : caught == null ? null
                : ExceptionUtils.getRootCause(caught);
        String now = problem(e);
        if (!now.equals(problem)) { // the log line names the whole URL and says what was tried
            LOG.error("{} (readiness DOWN until it answers; drops wait for it)", e instanceof CrmAuthException
                    ? now.replace(" at " + host + " ", " at " + crm + " ")
                    : e instanceof CrmNotAppliedException outage ? outage.getMessage() + ": " + outage.advice() : now);
        }
        problem = now;
        location = e instanceof CrmRedirectedException redirect ? redirect.location() : null;
        checkedAt = Instant.now();
        checked();
    }
}
