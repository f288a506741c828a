package org.leadroutes.exporting;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Pages whose number is known, asked for together ({@code leads.export.concurrency} at a time) and spooled in
 * page order when all are in: the file's order is that of one page after another. The flow's variable
 * {@value ExportFlow#WINDOW}; empty when the next page can only be asked for by itself.
 */
public final class PageWindow {

    private final List<LeadPages.Call> calls;
    private final AtomicReferenceArray<Map<String, Object>> answers;

    PageWindow(List<LeadPages.Call> calls) {
        this.calls = List.copyOf(calls);
        this.answers = new AtomicReferenceArray<>(calls.size());
    }

    /** Whether several pages go together (else the next page is asked for by itself). */
    public boolean several() {
        return calls.size() > 1;
    }

    public List<LeadPages.Call> calls() {
        return calls;
    }

    void answered(int index, Map<String, Object> answer) {
        answers.set(index, answer);
    }

    /** The window's pages into the spool, in page order. */
    void spool(ExportRun run) throws IOException {
        for (int i = 0; i < answers.length(); i++) {
            run.write(run.pages().read(answers.get(i)));
        }
    }
}
