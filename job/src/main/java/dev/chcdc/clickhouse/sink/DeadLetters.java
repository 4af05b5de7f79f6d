package dev.chcdc.clickhouse.sink;

import dev.chcdc.deadletter.DeadLetterTarget;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableSchema;
import dev.chcdc.ops.ValueFreeText;

/**
 * Where the sink puts a change it cannot write: the dead-letter topic, or, with dead letters switched off,
 * nowhere ({@link #enabled()} false), in which case the change's error must stop the job.
 */
interface DeadLetters extends AutoCloseable {
    /** {@code target} null: dead letters are switched off. */
    static DeadLetters to(DeadLetterTarget target) {
        return target == null ? new Disabled() : new KafkaDeadLetters(target);
    }

    boolean enabled();

    /** Publishes {@code event} with the reason it could not be written; fails when dead letters are off. */
    void publish(TableSchema schema, ChangeEvent event, RuntimeException error, int attempts);

    /** Returns once every letter published so far is in Kafka. */
    void flush() throws InterruptedException;

    @Override
    void close();

    /** Dead letters switched off: a change that cannot be written fails the job, naming it. */
    final class Disabled implements DeadLetters {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void publish(TableSchema schema, ChangeEvent event, RuntimeException error, int attempts) {
            throw new IllegalStateException("Cannot write a change of " + event.table() + " (version "
                    + event.version() + ", " + event.source().describe() + ") to ClickHouse, and dead-letter.enabled is false: "
                    + ValueFreeText.of(error), ValueFreeText.quotesInput(error) ? null : error);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
