package org.leadroutes.importing.inbox;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox consumer's poll strategy (the flow's bean {@code ImportFlow.POLLS}): before each poll, done drops whose archive in
 * {@code .done/} was written to since are brought back into the inbox ({@link DropWaits#bringBackGrown}), so this
 * very poll sees them. It runs at every poll, even when the inbox holds no file (when its filter is asked nothing).
 * Commit and rollback are Camel's default.
 */
public final class InboxPolls implements PollingConsumerPollStrategy {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");

    private final DropWaits waits;
    private final PollingConsumerPollStrategy camel = new DefaultPollingConsumerPollStrategy();

    public InboxPolls(DropWaits waits) {
        this.waits = waits;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        try {
            waits.bringBackGrown();
        } catch (RuntimeException e) { // the poll goes on: the inbox is not held up by the watch of .done/
            LOG.error("the watch of .done/ for rows written after their drop was done failed: {}", e.toString(), e);
        }
        return camel.begin(consumer, endpoint);
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        camel.commit(consumer, endpoint, polledMessages);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) throws Exception {
        return camel.rollback(consumer, endpoint, retryCounter, cause);
    }
}
