package dev.chcdc.ops.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.ops.check.Finding.Severity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FindingRulesTest {
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void binlogRetentionShorterThanTheTeesIsAWarningWithTheFix() {
        Finding finding = MySqlChecks.retentionFinding(Duration.ofDays(3).toSeconds(), WEEK, true);

        assertThat(finding.severity()).isEqualTo(Severity.WARN);
        assertThat(finding.message()).startsWith("binlog retention 3 d is shorter than the tee's 7 d")
                .contains("SET PERSIST binlog_expire_logs_seconds = 604800");
    }

    @Test
    void binlogRetentionAtLeastTheTeesIsFine() {
        assertThat(MySqlChecks.retentionFinding(WEEK.toSeconds(), WEEK, true).severity()).isEqualTo(Severity.OK);
    }

    @Test
    void binlogRetentionDoesNotMatterWithoutTee() {
        assertThat(MySqlChecks.retentionFinding(3600, WEEK, false).severity()).isEqualTo(Severity.OK);
    }

    @Test
    void binlogsThatNeverExpireAreFine() {
        assertThat(MySqlChecks.retentionFinding(0, WEEK, true).message())
                .isEqualTo("binlogs never expire (binlog_expire_logs_seconds = 0); watch the disk");
    }

    @Test
    void diskBelowThirtyPercentFreeWarnsAndBelowTenFails() {
        long gib = 1L << 30;

        assertThat(ClickHouseChecks.diskFinding("default", 50 * gib, 100 * gib))
                .isEqualTo(Finding.ok("clickhouse", "disk default: 50% free (50 of 100 GiB)"));
        assertThat(ClickHouseChecks.diskFinding("default", 20 * gib, 100 * gib).severity()).isEqualTo(Severity.WARN);
        assertThat(ClickHouseChecks.diskFinding("default", 5 * gib, 100 * gib).severity()).isEqualTo(Severity.FAIL);
    }

    @Test
    void durationsAreDescribedInTheirLargestWholeUnit() {
        assertThat(MySqlChecks.describe(Duration.ofDays(7))).isEqualTo("7 d");
        assertThat(MySqlChecks.describe(Duration.ofHours(36))).isEqualTo("36 h");
        assertThat(MySqlChecks.describe(Duration.ofSeconds(90))).isEqualTo("90 s");
    }
}
