package io.debezium.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The snapshot's TIME text parsing of our patched {@link MySqlValueConverters}. */
class MySqlValueConvertersTest {

    private static Duration time(boolean negative, int hours, int minutes, int seconds, int micros) {
        Duration magnitude = Duration.ofSeconds(hours * 3600L + minutes * 60L + seconds, micros * 1000L);
        return negative ? magnitude.negated() : magnitude;
    }

    @Test
    void negativeTimeUnderOneHourKeepsItsSign() {
        assertThat(MySqlValueConverters.stringToDuration("-00:22:40")).isEqualTo(time(true, 0, 22, 40, 0));
        assertThat(MySqlValueConverters.stringToDuration("-00:00:00.000001")).isEqualTo(time(true, 0, 0, 0, 1));
        assertThat(MySqlValueConverters.stringToDuration("-00:59:58.951424")).isEqualTo(time(true, 0, 59, 58, 951_424));
    }

    @Test
    void negativeTimeWithHoursIsNegatedAsAWhole() {
        assertThat(MySqlValueConverters.stringToDuration("-01:00:00")).isEqualTo(time(true, 1, 0, 0, 0));
        assertThat(MySqlValueConverters.stringToDuration("-12:34:56.5")).isEqualTo(time(true, 12, 34, 56, 500_000));
        assertThat(MySqlValueConverters.stringToDuration("-838:59:59")).isEqualTo(time(true, 838, 59, 59, 0));
        assertThat(MySqlValueConverters.stringToDuration("-838:59:58.999999")).isEqualTo(time(true, 838, 59, 58, 999_999));
    }

    @Test
    void nonNegativeTimeIsUnchanged() {
        assertThat(MySqlValueConverters.stringToDuration("00:00:00")).isEqualTo(Duration.ZERO);
        assertThat(MySqlValueConverters.stringToDuration("00:22:40.250")).isEqualTo(time(false, 0, 22, 40, 250_000));
        assertThat(MySqlValueConverters.stringToDuration("838:59:59.000000")).isEqualTo(time(false, 838, 59, 59, 0));
    }
}
