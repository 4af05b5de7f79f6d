package dev.chcdc.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtcTimestampTextTest {

    private static long expected(String text) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(text));
    }

    @Test
    void wholeSecondsReadAsMicroseconds() {
        assertThat(UtcTimestampText.toEpochMicros("2024-02-29T23:59:59Z")).isEqualTo(1_709_251_199_000_000L);
    }

    @Test
    void epochIsZero() {
        assertThat(UtcTimestampText.toEpochMicros("1970-01-01T00:00:00Z")).isZero();
    }

    @Test
    void everyFractionLengthAgreesWithInstantParse() {
        for (String text : List.of("2038-01-19T03:14:07.1Z", "2038-01-19T03:14:07.12Z", "2001-09-09T01:46:40.123Z",
                "1999-12-31T23:59:59.1234Z", "1999-12-31T23:59:59.12345Z", "1999-12-31T23:59:59.123456Z",
                "1999-12-31T23:59:59.1234567Z", "1999-12-31T23:59:59.123456789Z", "1970-01-01T00:00:01.000001Z")) {
            assertThat(UtcTimestampText.toEpochMicros(text)).as(text).isEqualTo(expected(text));
        }
    }

    @Test
    void instantBeforeTheEpochAgreesWithInstantParse() {
        assertThat(UtcTimestampText.toEpochMicros("1969-12-31T23:59:59.5Z")).isEqualTo(-500_000L);
    }

    @Test
    void otherSpellingsFallBackToInstantParse() {
        assertThat(UtcTimestampText.toEpochMicros("2024-02-29T23:59:59.5+00:00")).isEqualTo(expected("2024-02-29T23:59:59.5Z"));
    }
}
