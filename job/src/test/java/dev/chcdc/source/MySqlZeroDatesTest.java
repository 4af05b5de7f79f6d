package dev.chcdc.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class MySqlZeroDatesTest {
    @Test
    void aZeroMonthOrDayReadsAsTheFirstAndAZeroYearStaysZero() {
        assertThat(MySqlZeroDates.date(0, 0, 0)).isEqualTo(LocalDate.of(0, 1, 1));
        assertThat(MySqlZeroDates.date(2020, 0, 0)).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(MySqlZeroDates.date(2020, 5, 0)).isEqualTo(LocalDate.of(2020, 5, 1));
        assertThat(MySqlZeroDates.date(1, 0, 0)).isEqualTo(LocalDate.of(1, 1, 1));
    }

    @Test
    void aDayBeyondTheMonthsEndReadsAsItsLastDay() {
        assertThat(MySqlZeroDates.date(2021, 2, 30)).isEqualTo(LocalDate.of(2021, 2, 28));
        assertThat(MySqlZeroDates.date(2024, 2, 31)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(MySqlZeroDates.date(2024, 4, 31)).isEqualTo(LocalDate.of(2024, 4, 30));
    }

    @Test
    void calendarDatesOfEveryCenturyAreKeptAsTheyAre() {
        assertThat(MySqlZeroDates.date(17, 8, 12)).isEqualTo(LocalDate.of(17, 8, 12));
        assertThat(MySqlZeroDates.parseDate("0099-12-31")).isEqualTo(LocalDate.of(99, 12, 31));
        assertThat(MySqlZeroDates.parseDate("9999-12-31")).isEqualTo(LocalDate.of(9999, 12, 31));
    }

    @Test
    void textOfDatesAndDateTimesFollowsTheSameRule() {
        assertThat(MySqlZeroDates.parseDate("0000-00-00")).isEqualTo(LocalDate.of(0, 1, 1));
        assertThat(MySqlZeroDates.parseDateTime("2020-00-00 10:11:12.5"))
                .isEqualTo(LocalDateTime.of(2020, 1, 1, 10, 11, 12, 500_000_000));
        assertThat(MySqlZeroDates.parseDateTime("0010-03-04 00:00:00.000001"))
                .isEqualTo(LocalDateTime.of(10, 3, 4, 0, 0, 0, 1_000));
    }

    @Test
    void onlyAllZeroTextIsTheZeroValue() {
        assertThat(MySqlZeroDates.isZero("0000-00-00 00:00:00")).isTrue();
        assertThat(MySqlZeroDates.isZero("0000-00-00 00:00:00.000000")).isTrue();
        assertThat(MySqlZeroDates.isZero("0000-00-00 00:00:01")).isFalse();
        assertThat(MySqlZeroDates.isZero("1970-01-01 00:00:01")).isFalse();
    }
}
