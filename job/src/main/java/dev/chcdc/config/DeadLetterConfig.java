package dev.chcdc.config;

import java.io.Serializable;
import java.time.Duration;

/** Where rows that cannot be written to ClickHouse go instead of stopping the job. */
public record DeadLetterConfig(boolean enabled, String topic, Duration retention) implements Serializable {}
