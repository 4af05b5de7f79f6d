package org.apache.flink.connector.kafka.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's {@link KafkaSink}, whose committer does not let a lost transaction pass quietly. When a restored
 * transaction can no longer be committed (the broker aborted it because the job was down longer than the
 * transaction timeout, or another producer with the same transactional id fenced it), flink-connector-kafka
 * logs it and calls {@code signalFailedWithKnownReason}, which in Flink 1.20 only counts a failure: the
 * changes of that checkpoint interval are in ClickHouse but missing from the tee. This sink says so at ERROR,
 * naming the transaction (its id ends with the subtask and checkpoint) and the recovery, and counts it in
 * {@code cdc.teeTransactionsLost} so an alert can fire.
 *
 * <p>Our own class, in flink-connector-kafka's package because its committable and writer state are
 * package-private. Re-check on a connector upgrade.
 */
public final class LossReportingKafkaSink<IN> implements TwoPhaseCommittingStatefulSink<IN, KafkaWriterState, KafkaCommittable> {
    public static final String TRANSACTIONS_LOST = "teeTransactionsLost";
    private static final Logger LOG = LoggerFactory.getLogger(LossReportingKafkaSink.class);

    private final KafkaSink<IN> sink;
    private final String transactionTimeout;

    public LossReportingKafkaSink(KafkaSink<IN> sink, String transactionTimeout) {
        this.sink = sink;
        this.transactionTimeout = transactionTimeout;
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> createWriter(InitContext context)
            throws IOException {
        return sink.createWriter(context);
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> restoreWriter(InitContext context,
            Collection<KafkaWriterState> states) throws IOException {
        return sink.restoreWriter(context, states);
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<KafkaCommittable> createCommitter() throws IOException {
        throw new UnsupportedOperationException("Flink 1.20 calls createCommitter(CommitterInitContext)");
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) throws IOException {
        return new Reporting(sink.createCommitter(), context.metricGroup().addGroup("cdc"), transactionTimeout);
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    /** The connector's committer, with every request watched for a lost transaction. */
    static final class Reporting implements Committer<KafkaCommittable> {
        private final Committer<KafkaCommittable> committer;
        private final Counter lost;
        private final String transactionTimeout;

        Reporting(Committer<KafkaCommittable> committer, MetricGroup group, String transactionTimeout) {
            this.committer = committer;
            this.lost = group.counter(TRANSACTIONS_LOST);
            this.transactionTimeout = transactionTimeout;
        }

        @Override
        public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
            List<CommitRequest<KafkaCommittable>> watched = new ArrayList<>(requests.size());
            requests.forEach(request -> watched.add(new Watched(request)));
            committer.commit(watched);
        }

        @Override
        public void close() throws Exception {
            committer.close();
        }

        private final class Watched implements CommitRequest<KafkaCommittable> {
            private final CommitRequest<KafkaCommittable> request;

            Watched(CommitRequest<KafkaCommittable> request) {
                this.request = request;
            }

            @Override
            public KafkaCommittable getCommittable() {
                return request.getCommittable();
            }

            @Override
            public int getNumberOfRetries() {
                return request.getNumberOfRetries();
            }

            @Override
            public void signalFailedWithKnownReason(Throwable t) {
                lost.inc();
                LOG.error("The tee lost Kafka transaction {}: the broker refuses to commit it ({}), most likely because "
                        + "the job was down longer than tee.transaction-timeout ({} ms) or another job uses the same "
                        + "tee.transactional-id-prefix. The changes read in that checkpoint interval (the id ends with "
                        + "<subtask>-<checkpoint>) are in ClickHouse but not in the tee topics, so a replay from the tee "
                        + "would miss them. Recovery: see the runbook, 'The tee lost a transaction'",
                        request.getCommittable().getTransactionalId(), t.getClass().getSimpleName(), transactionTimeout);
                request.signalFailedWithKnownReason(t);
            }

            @Override
            public void signalFailedWithUnknownReason(Throwable t) {
                request.signalFailedWithUnknownReason(t);
            }

            @Override
            public void retryLater() {
                request.retryLater();
            }

            @Override
            public void updateAndRetryLater(KafkaCommittable committable) {
                request.updateAndRetryLater(committable);
            }

            @Override
            public void signalAlreadyCommitted() {
                request.signalAlreadyCommitted();
            }
        }
    }
}
