package dev.chcdc.config;

import java.util.List;

/** The configuration is wrong; the message lists every problem with the key to fix. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** Each problem on its own, as the message lists them. */
    public List<String> problems() {
        return problems;
    }
}
