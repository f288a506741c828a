package org.leadroutes.importing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.leadroutes.mapping.LeadAssembler.PendingLead;

/**
 * The search for the leads a batch of groups may match, while its pages come in: the request, the
 * cursor of the next page, and the candidates so far. A batch with nothing to search by is done at once.
 */
final class BatchSearch {

    private final List<PendingLead> batch;
    private final Map<String, Object> request;
    private final List<Map<String, Object>> candidates = new ArrayList<>();
    private String cursor;
    private boolean done;

    BatchSearch(List<PendingLead> batch, Map<String, Object> request) {
        this.batch = List.copyOf(batch);
        this.request = request;
        this.done = request == null;
    }

    List<PendingLead> batch() {
        return batch;
    }

    List<Map<String, Object>> candidates() {
        return candidates;
    }

    boolean done() {
        return done;
    }

    /** The request for the next page: the search, with the cursor once there is one. */
    Map<String, Object> nextPage() {
        if (done) {
            return null;
        }
        Map<String, Object> page = new LinkedHashMap<>(request);
        if (cursor != null) {
            page.put("cursor", cursor);
        }
        return page;
    }

    @SuppressWarnings("unchecked")
    void page(Map<String, Object> answer) {
        Object data = answer == null ? null : answer.get("data");
        if (data instanceof List<?> items) {
            items.forEach(item -> candidates.add((Map<String, Object>) item));
        }
        Object next = answer == null ? null : answer.get("cursor");
        cursor = next instanceof String s && !s.isBlank() ? s : null;
        done = cursor == null;
    }
}
