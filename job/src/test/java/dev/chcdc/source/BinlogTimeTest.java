package dev.chcdc.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinlogTimeTest {

    @Test
    void negativeTimeWithFractionIsMirroredBackAroundTheNextWholeSecond() {
        // -838:59:58.951424 arrives as -838:59:59.048576
        assertThat(BinlogTime.correctNegativeFraction(-3_020_399_048_576L)).isEqualTo(-3_020_398_951_424L);
    }

    @Test
    void negativeTimeBelowOneSecondIsCorrected() {
        // -00:00:00.500000 arrives as -00:00:01.500000
        assertThat(BinlogTime.correctNegativeFraction(-1_500_000L)).isEqualTo(-500_000L);
    }

    @Test
    void negativeWholeSecondsAreLeftAlone() {
        assertThat(BinlogTime.correctNegativeFraction(-3_020_399_000_000L)).isEqualTo(-3_020_399_000_000L);
    }

    @Test
    void positiveTimesAreLeftAlone() {
        assertThat(BinlogTime.correctNegativeFraction(45_296_500_000L)).isEqualTo(45_296_500_000L);
    }
}
