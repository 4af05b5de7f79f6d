package dev.chcdc.ops.validate;

/** A table's primary key cannot be split into ranges that mean the same rows in MySQL and ClickHouse. */
public final class UnsupportedKeyException extends RuntimeException {
    public UnsupportedKeyException(String message) {
        super(message);
    }
}
