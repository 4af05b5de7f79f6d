package dev.chcdc.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChangeVersionTest {

    @Test
    void sameBinlogCoordinatesGiveTheSameVersion() {
        assertThat(ChangeVersion.of("mysql-bin.000042", 1234, 3)).isEqualTo(ChangeVersion.of("mysql-bin.000042", 1234, 3));
    }

    @Test
    void versionIsFileSequenceInTheHighBitsAndPositionPlusRowInTheLow36() {
        assertThat(ChangeVersion.of("mysql-bin.000042", 1234, 3)).isEqualTo((42L << 36) | 1237);
    }

    @Test
    void laterRowOfTheSameEventGetsAHigherVersion() {
        assertThat(ChangeVersion.of("mysql-bin.000001", 500, 1)).isGreaterThan(ChangeVersion.of("mysql-bin.000001", 500, 0));
    }

    @Test
    void anyPositionInALaterFileIsHigherThanTheEndOfAnEarlierFile() {
        assertThat(ChangeVersion.of("mysql-bin.000002", 4, 0))
                .isGreaterThan(ChangeVersion.of("mysql-bin.000001", 60_000_000_000L, 0));
    }

    @Test
    void snapshotVersionIsBelowTheFirstChangeAtTheSnapshotPosition() {
        long snapshot = ChangeVersion.before("mysql-bin.000007", 900);
        assertThat(snapshot).isEqualTo(ChangeVersion.of("mysql-bin.000007", 900, 0) - 1)
                .isGreaterThan(ChangeVersion.of("mysql-bin.000007", 899 - 1, 0));
    }

    @Test
    void versionStaysPositiveAtTheLargestFileSequence() {
        assertThat(ChangeVersion.of("binlog." + ChangeVersion.MAX_FILE_SEQUENCE, ChangeVersion.MAX_OFFSET, 0)).isPositive();
    }

    @Test
    void generationZeroKeepsTheVersionsWrittenBeforeGenerationsExisted() {
        assertThat(ChangeVersion.of(0, "mysql-bin.000042", 1234, 3)).isEqualTo((42L << 36) | 1237);
        assertThat(ChangeVersion.before(0, "mysql-bin.000007", 900)).isEqualTo(ChangeVersion.before("mysql-bin.000007", 900));
    }

    @Test
    void generationTakesTheSevenBitsAboveTwentyBitsOfFileSequence() {
        assertThat(ChangeVersion.of(3, "mysql-bin.000042", 1234, 3)).isEqualTo((3L << 56) | (42L << 36) | 1237);
    }

    @Test
    void versionIsDecodedIntoGenerationFileSequenceAndOffset() {
        long version = ChangeVersion.of(5, "mysql-bin.000042", 1234, 3);

        assertThat(ChangeVersion.generation(version)).isEqualTo(5);
        assertThat(ChangeVersion.fileSequence(version)).isEqualTo(42);
        assertThat(ChangeVersion.offset(version)).isEqualTo(1237);
    }

    @Test
    void startOfANewGenerationIsAboveTheEndOfTheLargestFileOfTheGenerationBefore() {
        assertThat(ChangeVersion.before(1, "mysql-bin.000001", 4))
                .isGreaterThan(ChangeVersion.of(0, "binlog." + ChangeVersion.MAX_FILE_SEQUENCE, ChangeVersion.MAX_OFFSET, 0));
    }

    @Test
    void versionStaysPositiveAtTheLastGeneration() {
        assertThat(ChangeVersion.of(ChangeVersion.MAX_GENERATION, "binlog." + ChangeVersion.MAX_FILE_SEQUENCE,
                ChangeVersion.MAX_OFFSET, 0)).isPositive();
    }

    @Test
    void generationBeyondTheLastIsRefused() {
        assertThatThrownBy(() -> ChangeVersion.of(ChangeVersion.MAX_GENERATION + 1, "mysql-bin.000001", 4, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generation 128 is outside 0..127");
    }

    @Test
    void fileSequenceBeyondTwentyBitsIsRefused() {
        assertThatThrownBy(() -> ChangeVersion.of("mysql-bin.1048576", 4, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Binlog file sequence 1048576 is outside 0..1048575");
    }

    @Test
    void fileNameWithoutNumericSuffixIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> ChangeVersion.of("mysql-bin", 4, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Binlog file name 'mysql-bin' has no numeric suffix");
    }

    @Test
    void offsetBeyond36BitsIsRefused() {
        assertThatThrownBy(() -> ChangeVersion.of("mysql-bin.000001", 1L << 36, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside 0..68719476735");
    }
}
