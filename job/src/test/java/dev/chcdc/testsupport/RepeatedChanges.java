package dev.chcdc.testsupport;

import dev.chcdc.event.ChangeEvent;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.testutils.junit.SharedReference;

/**
 * Passes events through and counts binlog changes that reach the sinks a second time within a run (same table,
 * version and operation): what the tee would hold twice. Snapshot rows share one version, so they are not counted.
 */
public final class RepeatedChanges implements MapFunction<ChangeEvent, ChangeEvent> {
    private final SharedReference<Set<String>> seen;
    private final SharedReference<AtomicLong> repeats;

    public RepeatedChanges(SharedReference<Set<String>> seen, SharedReference<AtomicLong> repeats) {
        this.seen = seen;
        this.repeats = repeats;
    }

    @Override
    public ChangeEvent map(ChangeEvent event) {
        if (!event.isHeartbeat() && !event.source().isSnapshot()
                && !seen.get().add(event.table() + "|" + event.version() + "|" + event.operation())) {
            repeats.get().incrementAndGet();
        }
        return event;
    }
}
