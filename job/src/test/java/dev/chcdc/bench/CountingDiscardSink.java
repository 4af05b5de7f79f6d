package dev.chcdc.bench;

import dev.chcdc.event.ChangeEvent;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that counts events into a JVM-wide counter and drops them: the "Flink CDC alone" baseline. The
 * MiniCluster runs in the benchmark's JVM and loads job classes from its class path, so the counter the sink
 * increments is the one the benchmark polls.
 */
final class CountingDiscardSink implements Sink<ChangeEvent> {
    private static final ConcurrentHashMap<String, LongAdder> COUNTERS = new ConcurrentHashMap<>();

    private final String counter;

    CountingDiscardSink(String counter) {
        this.counter = counter;
    }

    static LongAdder counter(String name) {
        return COUNTERS.computeIfAbsent(name, key -> new LongAdder());
    }

    @Override
    @Deprecated
    public SinkWriter<ChangeEvent> createWriter(InitContext context) {
        return newWriter();
    }

    @Override
    public SinkWriter<ChangeEvent> createWriter(WriterInitContext context) {
        return newWriter();
    }

    private SinkWriter<ChangeEvent> newWriter() {
        LongAdder events = counter(counter);
        return new SinkWriter<>() {
            @Override
            public void write(ChangeEvent event, Context context) {
                events.increment();
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
