package dev.chcdc.clickhouse.sink;

import dev.chcdc.deadletter.DeadLetter;
import dev.chcdc.deadletter.DeadLetterPublisher;
import dev.chcdc.deadletter.DeadLetterTarget;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import dev.chcdc.tee.DebeziumEnvelope;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the sink puts a change it cannot write: the dead-letter topic (the Kafka producer opens with the first
 * letter), or, with dead letters switched off, nowhere: the change's error then fails the job.
 */
final class DeadLetters implements AutoCloseable {
    private final DeadLetterTarget target;
    private final Map<TableId, DebeziumEnvelope> envelopes = new HashMap<>();
    private DeadLetterPublisher publisher;

    /** {@code target} null: dead letters are switched off. */
    DeadLetters(DeadLetterTarget target) {
        this.target = target;
    }

    void publish(TableSchema schema, ChangeEvent event, RuntimeException error, int attempts) {
        if (target == null) {
            throw new IllegalStateException("Cannot write a change of " + event.table() + " (version "
                    + event.version() + ") to ClickHouse, and dead-letter.enabled is false: " + error.getMessage(), error);
        }
        if (publisher == null) {
            publisher = new DeadLetterPublisher(target.kafka(), target.topic());
        }
        DebeziumEnvelope envelope = envelopes.computeIfAbsent(event.table(), table -> new DebeziumEnvelope(schema, target.serverName()));
        publisher.publish(DeadLetter.of(event.table(), envelope.key(event), envelope.value(event, System.currentTimeMillis()),
                event.version(), event.source(), error, attempts));
    }

    void flush() throws InterruptedException {
        if (publisher != null) {
            publisher.flush();
        }
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
    }
}
