package org.apache.flink.connector.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import dev.chcdc.testsupport.RecordingCommitRequest;
import org.junit.jupiter.api.Test;

class LossReportingKafkaSinkTest {
    private final Counter lost = new SimpleCounter();
    private final UnregisteredMetricsGroup group = new UnregisteredMetricsGroup() {
        @Override
        public Counter counter(String name) {
            assertThat(name).isEqualTo(LossReportingKafkaSink.TRANSACTIONS_LOST);
            return lost;
        }
    };

    @Test
    void aTransactionTheBrokerAbortedIsCountedAndStillSignalledToFlink() throws Exception {
        Committer<KafkaCommittable> abortedByBroker = new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<KafkaCommittable>> requests) {
                requests.forEach(request -> request.signalFailedWithKnownReason(new InvalidTxnStateException("aborted")));
            }

            @Override
            public void close() {}
        };
        RecordingCommitRequest<KafkaCommittable> request = new RecordingCommitRequest<>(new KafkaCommittable(7L, (short) 1, "cdc-tee-0-12", null));

        new LossReportingKafkaSink.Reporting(abortedByBroker, group, "900000").commit(List.of(request));

        assertThat(lost.getCount()).isEqualTo(1);
        assertThat(request.signals()).containsExactly("failedWithKnownReason");
    }

    @Test
    void aCommittedTransactionIsNotCounted() throws Exception {
        Committer<KafkaCommittable> commits = new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<KafkaCommittable>> requests) {}

            @Override
            public void close() {}
        };
        RecordingCommitRequest<KafkaCommittable> request = new RecordingCommitRequest<>(new KafkaCommittable(7L, (short) 1, "cdc-tee-0-13", null));

        new LossReportingKafkaSink.Reporting(commits, group, "900000").commit(List.of(request));

        assertThat(lost.getCount()).isZero();
        assertThat(request.signals()).isEmpty();
    }
}
