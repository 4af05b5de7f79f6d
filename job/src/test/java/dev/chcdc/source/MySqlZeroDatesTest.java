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
        assertThat(MySqlZeroDates.date(99, 12, 31)).isEqualTo(LocalDate.of(99, 12, 31));
        assertThat(MySqlZeroDates.date(9999, 12, 31)).isEqualTo(LocalDate.of(9999, 12, 31));
    }

    @Test
    void aDateTimeFollowsTheSameRuleForItsDate() {
        assertThat(MySqlZeroDates.dateTime(2020, 0, 0, 10, 11, 12, 500_000_000))
                .isEqualTo(LocalDateTime.of(2020, 1, 1, 10, 11, 12, 500_000_000));
    }
}
