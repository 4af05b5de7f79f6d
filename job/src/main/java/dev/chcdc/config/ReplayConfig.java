package dev.chcdc.config;

import java.io.Serializable;

/** Replay mode: which tee topics to read, as which consumer group, from where, and whether to stop at the end. */
public record ReplayConfig(String topicPattern, String groupId, ReplayStart start, Long startTimestampMillis,
        boolean stopAtLatest) implements Serializable {}
