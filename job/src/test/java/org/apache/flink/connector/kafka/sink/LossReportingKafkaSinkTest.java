package org.apache.flink.connector.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.kafka.common.errors.InvalidTxnStateException;
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
        RecordingRequest request = new RecordingRequest(new KafkaCommittable(7L, (short) 1, "cdc-tee-0-12", null));

        new LossReportingKafkaSink.Reporting(abortedByBroker, group, "900000").commit(List.of(request));

        assertThat(lost.getCount()).isEqualTo(1);
        assertThat(request.signals).containsExactly("failedWithKnownReason");
    }

    @Test
    void aCommittedTransactionIsNotCounted() throws Exception {
        Committer<KafkaCommittable> commits = new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<KafkaCommittable>> requests) {}

            @Override
            public void close() {}
        };
        RecordingRequest request = new RecordingRequest(new KafkaCommittable(7L, (short) 1, "cdc-tee-0-13", null));

        new LossReportingKafkaSink.Reporting(commits, group, "900000").commit(List.of(request));

        assertThat(lost.getCount()).isZero();
        assertThat(request.signals).isEmpty();
    }

    private static final class RecordingRequest implements Committer.CommitRequest<KafkaCommittable> {
        final KafkaCommittable committable;
        final List<String> signals = new ArrayList<>();

        RecordingRequest(KafkaCommittable committable) {
            this.committable = committable;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            signals.add("failedWithKnownReason");
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            signals.add("failedWithUnknownReason");
        }

        @Override
        public void retryLater() {
            signals.add("retryLater");
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable committable) {
            signals.add("updateAndRetryLater");
        }

        @Override
        public void signalAlreadyCommitted() {
            signals.add("alreadyCommitted");
        }
    }
}
