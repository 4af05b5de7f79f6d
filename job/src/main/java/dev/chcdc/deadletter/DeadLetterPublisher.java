package dev.chcdc.deadletter;

import dev.chcdc.config.KafkaConfig;
import dev.chcdc.event.SourcePosition;
import dev.chcdc.tee.TeeHeaders;
import dev.chcdc.tee.TeeTopics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes dead letters to the dead-letter topic. {@link #flush} returns only when every letter published so far
 * is acknowledged by the broker (or throws), and the sink calls it before a checkpoint may complete, so a
 * dead-lettered row is never lost. Delivery is at-least-once: after a restore a letter may be written again.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    /** {@code maxRecordBytes}: the largest letter, {@code tee.max-record-size}. */
    public DeadLetterPublisher(KafkaConfig kafka, String topic, long maxRecordBytes) {
        Properties properties = kafka.properties();
        TeeTopics.sizeProducer(properties, maxRecordBytes);
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "dead-letter-" + topic);
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    public void publish(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, TeeHeaders.TABLE, letter.table().toString());
        header(headers, TeeHeaders.VERSION, Long.toUnsignedString(letter.version()));
        header(headers, TeeHeaders.ERROR_CLASS, letter.errorClass());
        header(headers, TeeHeaders.ERROR_MESSAGE, letter.errorMessage());
        header(headers, TeeHeaders.SOURCE_POSITION, position(letter.source()));
        header(headers, TeeHeaders.ATTEMPTS, Integer.toString(letter.attempts()));
        if (!letter.omittedColumns().isEmpty()) {
            header(headers, TeeHeaders.OMITTED_COLUMNS, String.join(",", letter.omittedColumns()));
        }
        LOG.warn("Dead-lettering a change of {} at {} (version {}) after {} attempt(s): {}: {}", letter.table(),
                position(letter.source()), letter.version(), letter.attempts(), letter.errorClass(),
                letter.errorMessage());
        pending.add(producer.send(new ProducerRecord<>(topic, null, letter.key(), letter.value(), headers)));
    }

    /** Blocks until the broker has every letter published so far. */
    public void flush() throws InterruptedException {
        if (pending.isEmpty()) {
            return;
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> send : pending) {
                send.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot write to the dead-letter topic " + topic + ": "
                    + e.getCause().getMessage() + " (the job restarts from its last checkpoint and tries again)", e.getCause());
        }
        pending.clear();
    }

    private static String position(SourcePosition source) {
        return source.isSnapshot() ? "snapshot" : source.file() + ":" + source.position() + ":" + source.row();
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
