package dev.chcdc.config;

import java.util.List;

/** The configuration is wrong; the message lists every problem with the key to fix. */
public final class ConfigException extends RuntimeException {
    public ConfigException(List<String> problems) {
        super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }
}
