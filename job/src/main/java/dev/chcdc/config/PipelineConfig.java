package dev.chcdc.config;

import java.io.Serializable;

/** Job-wide settings. */
public record PipelineConfig(String name, int parallelism, PipelineMode mode) implements Serializable {}
