package dev.chcdc.config;

/** What the job reads: MySQL's binlog (live), or the tee's Kafka topics (replay, to rebuild ClickHouse). */
public enum PipelineMode {
    LIVE,
    REPLAY;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
