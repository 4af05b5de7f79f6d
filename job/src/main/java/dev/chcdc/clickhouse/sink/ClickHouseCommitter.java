package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.clickhouse.client.ClickHouseWriteException;
import dev.chcdc.config.ClickHouseConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts the batches of a completed checkpoint. Commits are idempotent: each insert carries its batch's
 * deduplication token, so a batch committed again after a restore is dropped by ClickHouse. Transient errors
 * are retried with exponential back-off for as long as it takes (the task blocks, so the job back-pressures
 * and nothing is dropped); a permanent error fails the job with the batch's identity and ClickHouse's reason.
 */
final class ClickHouseCommitter implements Committer<ClickHouseCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseCommitter.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final ClickHouseGateway gateway;
    private final Duration maxBackoff;

    ClickHouseCommitter(ClickHouseConfig config) {
        this.gateway = new ClickHouseGateway(config);
        this.maxBackoff = config.retryMaxBackoff();
    }

    @Override
    public void commit(Collection<CommitRequest<ClickHouseCommittable>> requests) throws InterruptedException {
        for (CommitRequest<ClickHouseCommittable> request : requests) {
            ClickHouseCommittable batch = request.getCommittable();
            try {
                insertWithRetries(batch);
            } catch (ClickHouseWriteException e) {
                request.signalFailedWithKnownReason(new ClickHouseCommitException(batch, e));
            }
        }
    }

    private void insertWithRetries(ClickHouseCommittable batch) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                gateway.insertRowBinary(batch.database(), batch.table(), batch.rows(), batch.deduplicationToken());
                if (attempt > 1) {
                    LOG.info("Batch {} committed after {} attempts", batch.deduplicationToken(), attempt);
                }
                return;
            } catch (ClickHouseWriteException e) {
                if (!e.transient_()) {
                    throw e;
                }
                LOG.warn("Transient failure committing batch {} ({} rows into {}.{}), attempt {}; retrying in {} ms: {}",
                        batch.deduplicationToken(), batch.rowCount(), batch.database(), batch.table(), attempt,
                        backoff.toMillis(), e.getMessage());
                TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
