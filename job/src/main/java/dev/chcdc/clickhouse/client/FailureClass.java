package dev.chcdc.clickhouse.client;

/**
 * What a failed ClickHouse request means for the batch it carried. The committer never drops a batch for any
 * class: it retries outages and configuration faults, and only rows ClickHouse refuses for good leave the batch
 * (to the dead-letter topic).
 */
public enum FailureClass {
    /**
     * The server is down, overloaded, out of disk or memory, read-only or over a quota, or the request got no
     * answer: the same insert can succeed later without anyone changing anything. Retried for as long as it takes.
     */
    OUTAGE,
    /**
     * Credentials, rights, a missing database or table, columns that no longer match: an operator must fix
     * something, after which the same insert succeeds. Retried with back-off and reported as blocked; after
     * {@code clickhouse.commit.blocked-timeout} the job fails, so Flink restarts it with the batch still in its
     * checkpoint. Unknown server errors belong here too: a batch is never split because of an error not known to
     * be about its rows.
     */
    CONFIGURATION,
    /** A value or constraint the table will never take: the rows that cause it are isolated and dead-lettered. */
    ROW_REFUSED
}
