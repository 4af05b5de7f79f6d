package dev.chcdc.config;

/** How the tee spells temporal values and BIGINT UNSIGNED in its JSON. */
public enum TeeValueFormat {
    /**
     * Debezium's MySQL connector's encodings: DATE as days since 1970-01-01, DATETIME as epoch milliseconds (0..3
     * fraction digits) or microseconds, TIME as microseconds, BIGINT UNSIGNED as a number.
     */
    DEBEZIUM,
    /**
     * For SQL consumers: DATE as {@code YYYY-MM-DD}, DATETIME as {@code YYYY-MM-DD hh:mm:ss[.f]}, TIME as MySQL
     * prints it, BIGINT UNSIGNED as decimal text; the rest as in {@link #DEBEZIUM}.
     */
    TEXT
}
