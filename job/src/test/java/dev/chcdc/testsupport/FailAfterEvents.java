package dev.chcdc.testsupport;

import dev.chcdc.event.ChangeEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.testutils.junit.SharedReference;

/**
 * Passes events through and throws once each time the total number of events seen by all subtasks (across
 * restarts) crosses one of the thresholds: a task failure at a chosen point of the run.
 */
public final class FailAfterEvents implements MapFunction<ChangeEvent, ChangeEvent> {
    private final SharedReference<AtomicLong> seen;
    private final SharedReference<AtomicLong> failures;
    private final List<Long> thresholds;

    public FailAfterEvents(SharedReference<AtomicLong> seen, SharedReference<AtomicLong> failures, List<Long> thresholds) {
        this.seen = seen;
        this.failures = failures;
        this.thresholds = List.copyOf(thresholds);
    }

    @Override
    public ChangeEvent map(ChangeEvent event) {
        long count = seen.get().incrementAndGet();
        long failed = failures.get().get();
        if (failed < thresholds.size() && count >= thresholds.get((int) failed)
                && failures.get().compareAndSet(failed, failed + 1)) {
            throw new IllegalStateException("Injected failure #" + (failed + 1) + " after " + count + " events");
        }
        return event;
    }
}
