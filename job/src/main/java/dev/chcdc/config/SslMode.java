package dev.chcdc.config;

/** MySQL Connector/J's sslMode values, spelled as in the config file ({@code verify-ca}). */
public enum SslMode {
    DISABLED,
    PREFERRED,
    REQUIRED,
    VERIFY_CA,
    VERIFY_IDENTITY;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether the connection is always encrypted (else it may fall back to plain text). */
    public boolean encrypts() {
        return this != DISABLED && this != PREFERRED;
    }

    /** Whether the server's certificate is checked against trusted CAs ({@code required} only encrypts). */
    public boolean verifies() {
        return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }

    /** The value Connector/J's {@code sslMode} property takes. */
    public String jdbcValue() {
        return name();
    }

    /** The value Debezium's {@code database.ssl.mode} takes. */
    public String debeziumValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
