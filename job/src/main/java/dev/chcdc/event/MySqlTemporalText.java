package dev.chcdc.event;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * MySQL's text of DATE, DATETIME/TIMESTAMP and TIME values, to and from the {@link RowImage} values (days,
 * microseconds since the epoch, signed microseconds): where the job writes a temporal value as text (ClickHouse
 * String columns, the tee's text format) and reads it back.
 */
public final class MySqlTemporalText {
    private MySqlTemporalText() {}

    /** A DATE of days since 1970-01-01: {@code YYYY-MM-DD}, year 0000 included. */
    public static String date(long days) {
        return LocalDate.ofEpochDay(days).toString();
    }

    /** {@code YYYY-MM-DD} as days since 1970-01-01. */
    public static int parseDate(String text) {
        return (int) LocalDate.parse(text).toEpochDay();
    }

    /** A DATETIME (or TIMESTAMP in UTC) of microseconds since the epoch: {@code YYYY-MM-DD hh:mm:ss[.f]}. */
    public static String dateTime(long micros, int fractionDigits) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
        String text = String.format("%s %02d:%02d:%02d", time.toLocalDate(), time.getHour(), time.getMinute(),
                time.getSecond());
        if (fractionDigits == 0) {
            return text;
        }
        return text + "." + String.format("%06d", time.getNano() / 1000).substring(0, fractionDigits);
    }

    /** {@code YYYY-MM-DD hh:mm:ss[.f]} as microseconds since the epoch. */
    public static long parseDateTime(String text) {
        LocalDateTime time = LocalDateTime.parse(text.replace(' ', 'T'));
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1000;
    }

    /** TIME as MySQL prints it: [-]HH:MM:SS, hours growing to three digits, then the fraction digits. */
    public static String time(long micros, int fractionDigits) {
        long magnitude = Math.abs(micros);
        long seconds = magnitude / 1_000_000;
        long fraction = magnitude % 1_000_000;
        StringBuilder text = new StringBuilder(17);
        if (micros < 0) {
            text.append('-');
        }
        appendTwoDigits(text, seconds / 3600);
        text.append(':');
        appendTwoDigits(text, seconds / 60 % 60);
        text.append(':');
        appendTwoDigits(text, seconds % 60);
        if (fractionDigits > 0) {
            text.append('.');
            long divisor = 100_000;
            for (int digit = 0; digit < fractionDigits; digit++, divisor /= 10) {
                text.append((char) ('0' + fraction / divisor % 10));
            }
        }
        return text.toString();
    }

    /** {@code [-]H..H:MM:SS[.f..f]} as signed microseconds. */
    public static long parseTime(String text) {
        boolean negative = text.startsWith("-");
        String[] parts = (negative ? text.substring(1) : text).split(":");
        String[] seconds = parts[2].split("\\.");
        long micros = (Long.parseLong(parts[0]) * 3600 + Long.parseLong(parts[1]) * 60 + Long.parseLong(seconds[0]))
                * 1_000_000;
        if (seconds.length > 1) {
            micros += Long.parseLong((seconds[1] + "000000").substring(0, 6));
        }
        return negative ? -micros : micros;
    }

    private static void appendTwoDigits(StringBuilder text, long number) {
        if (number < 10) {
            text.append('0');
        }
        text.append(number);
    }
}
