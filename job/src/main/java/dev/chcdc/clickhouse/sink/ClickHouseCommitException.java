package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.client.ClickHouseWriteException;

/** ClickHouse refused a batch for good; the message names the batch and carries ClickHouse's reason. */
public final class ClickHouseCommitException extends RuntimeException {
    ClickHouseCommitException(ClickHouseCommittable batch, ClickHouseWriteException cause) {
        super("ClickHouse rejected batch " + batch.deduplicationToken() + " (" + batch.rowCount() + " rows into "
                + batch.database() + "." + batch.table() + "), ClickHouse error " + cause.serverCode()
                + ". Fix the cause (table definition, rights, data), then restart from the last checkpoint: "
                + cause.getMessage(), cause);
    }
}
