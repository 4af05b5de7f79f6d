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

/** Dead letters to the dead-letter topic; the Kafka producer opens with the first letter. */
final class KafkaDeadLetters implements DeadLetters {
    private static final int HEADER_BYTES = 8 * 1024;

    private final DeadLetterTarget target;
    private final Map<TableId, DebeziumEnvelope> envelopes = new HashMap<>();
    private DeadLetterPublisher publisher;

    KafkaDeadLetters(DeadLetterTarget target) {
        this.target = target;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void publish(TableSchema schema, ChangeEvent event, RuntimeException error, int attempts) {
        if (publisher == null) {
            publisher = new DeadLetterPublisher(target.kafka(), target.topic(), target.maxRecordBytes());
        }
        DebeziumEnvelope envelope = envelopes.computeIfAbsent(event.table(), table -> new DebeziumEnvelope(schema, target.serverName()));
        byte[] key = envelope.key(event);
        // Room for the headers, the error message among them.
        DebeziumEnvelope.Fitted value = envelope.valueWithin(event, System.currentTimeMillis(),
                target.maxRecordBytes() - key.length - HEADER_BYTES);
        publisher.publish(DeadLetter.of(event.table(), key, value.value(), value.omittedColumns(), event.version(),
                event.source(), error, attempts));
    }

    @Override
    public void flush() throws InterruptedException {
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
