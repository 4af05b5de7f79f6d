package dev.chcdc.source;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The one rule for MySQL dates that are not calendar dates, the same on the snapshot and the binlog path: the zero
 * date {@code 0000-00-00}, dates with a zero month or day ({@code 2020-00-00}, {@code 2020-05-00}), and, under
 * {@code ALLOW_INVALID_DATES}, days beyond the month's end ({@code 2021-02-30}). A zero month or day reads as 1,
 * a day beyond the month's end as its last day, a zero year stays year 0; so {@code 0000-00-00 00:00:00} reads as
 * {@code 0000-01-01 00:00:00}, the zero TIMESTAMP as that instant in UTC. Each value is then the nearest calendar
 * date at or after MySQL's, never NULL (NOT NULL and key columns hold it), and sorts as MySQL sorts it; year 0
 * lies below ClickHouse's range, so the column's out-of-range policy then applies.
 *
 * <p>Debezium would turn all of them into NULL, which in a NOT NULL column becomes 1970-01-01 or the column's
 * DEFAULT, and in a key column fails.
 */
public final class MySqlZeroDates {
    /** MySQL's zero TIMESTAMP, stored as 0 seconds since the epoch (a TIMESTAMP cannot hold 1970-01-01 00:00:00 UTC). */
    public static final ZonedDateTime ZERO_TIMESTAMP = ZonedDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private MySqlZeroDates() {}

    /** The date for MySQL's year, month and day, any of them zero. */
    public static LocalDate date(int year, int month, int day) {
        int calendarMonth = Math.max(month, 1);
        int lastDay = YearMonth.of(year, calendarMonth).lengthOfMonth();
        return LocalDate.of(year, calendarMonth, Math.min(Math.max(day, 1), lastDay));
    }

    /** The date and time for MySQL's fields, year, month and day any of them zero. */
    public static LocalDateTime dateTime(int year, int month, int day, int hour, int minute, int second, int nanos) {
        return date(year, month, day).atTime(hour, minute, second, nanos);
    }
}
