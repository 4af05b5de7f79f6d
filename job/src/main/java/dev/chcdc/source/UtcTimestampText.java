package dev.chcdc.source;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Reads Debezium's TIMESTAMP text ({@code io.debezium.time.ZonedTimestamp}: {@code 2024-02-29T23:59:59.123456Z},
 * always UTC) as microseconds since the epoch. A fixed-layout reader, because {@link Instant#parse} was the
 * largest single CPU cost of our deserializer; anything not in that layout still goes through
 * {@link Instant#parse}, so no spelling is misread.
 */
final class UtcTimestampText {
    private static final int MIN_LENGTH = "2024-02-29T23:59:59Z".length();

    private UtcTimestampText() {}

    static long toEpochMicros(String text) {
        int length = text.length();
        if (length < MIN_LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || length > MIN_LENGTH && (text.charAt(19) != '.' || length == MIN_LENGTH + 1 || length > MIN_LENGTH + 10)) {
            return viaInstant(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || hour < 0
                || minute < 0 || second < 0) {
            return viaInstant(text);
        }
        long micros = 0;
        int fractionDigits = length > MIN_LENGTH ? length - MIN_LENGTH - 1 : 0;
        for (int i = 0; i < 6; i++) {
            int digit = i < fractionDigits ? text.charAt(20 + i) - '0' : 0;
            if (digit < 0 || digit > 9) {
                return viaInstant(text);
            }
            micros = micros * 10 + digit;
        }
        for (int i = 6; i < fractionDigits; i++) {
            char c = text.charAt(20 + i);
            if (c < '0' || c > '9') {
                return viaInstant(text);
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return viaInstant(text);
        }
        return (epochDay * 86_400 + hour * 3_600L + minute * 60L + second) * 1_000_000 + micros;
    }

    /** Two-digit or four-digit decimal field, or -1 if a character is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static long viaInstant(String text) {
        try {
            return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            // The parser's message quotes the text, a row value.
            throw new IllegalArgumentException("A TIMESTAMP value is not ISO-8601 text in UTC (not shown: a row value)");
        }
    }
}
