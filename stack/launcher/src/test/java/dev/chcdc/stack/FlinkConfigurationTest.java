package dev.chcdc.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flink-conf/config.yaml, read by Flink's own parser through its typed options (so a misspelt key fails here),
 * holds what the VPS deployment needs; and the local stack's flattened copy keeps it, changing only its own
 * ports, folders and sizes.
 */
class FlinkConfigurationTest {
    private static final Path CONF_DIR = ProjectPaths.detect().root().resolve("flink-conf");

    private static Configuration vps() {
        return GlobalConfiguration.loadConfiguration(CONF_DIR.toString());
    }

    @Test
    void checkpointsAreExactlyOnceEveryTenSecondsWithATenMinuteTimeout() {
        Configuration conf = vps();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE)).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(conf.get(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS)).isEqualTo(1);
        assertThat(conf.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isEqualTo(3);
    }

    @Test
    void stateLivesInRocksDbWithIncrementalCheckpoints() {
        Configuration conf = vps();
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
    }

    @Test
    void checkpointsAreRetainedWhenTheJobIsCancelled() {
        assertThat(vps().get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    @Test
    void savepointsAndCheckpointsGoToTheContainersMountedFolders() {
        Configuration conf = vps();
        assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isEqualTo("file:///opt/flink/savepoints");
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///opt/flink/checkpoints");
    }

    @Test
    void failedJobsRestartWithExponentialBackOff() {
        Configuration conf = vps();
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void prometheusReporterListensOnPort9249() {
        Configuration conf = vps();
        assertThat(conf.getString("metrics.reporter.prom.factory.class", null))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(conf.getString("metrics.reporter.prom.port", null)).isEqualTo("9249");
    }

    @Test
    void restApiListensOnPort8081OfEveryContainerInterfaceAndTakesNoJarUploads() {
        Configuration conf = vps();
        assertThat(conf.get(RestOptions.PORT)).isEqualTo(8081);
        assertThat(conf.get(RestOptions.BIND_ADDRESS)).isEqualTo("0.0.0.0");
        assertThat(conf.get(WebOptions.SUBMIT_ENABLE)).isFalse();
    }

    @Test
    void taskManagerGivesMostOfItsMemoryToTheHeap() {
        Configuration conf = vps();
        assertThat(conf.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY)).isEqualTo(MemorySize.parse("12288m"));
        assertThat(conf.get(TaskManagerOptions.MANAGED_MEMORY_FRACTION)).isEqualTo(0.1f);
    }

    @Test
    void localStackCopyKeepsTheVpsSettingsAndUsesItsOwnPortsAndFolders(@TempDir Path dir) throws Exception {
        Path flinkHome = Files.createDirectories(dir.resolve("flink-home/lib"));
        FlinkCluster cluster = new FlinkCluster(new FlinkCluster.Layout(dir.resolve("cluster"), flinkHome.getParent(),
                CONF_DIR.resolve("config.yaml"), dir.resolve("savepoints"), 18088, 16123, 19249, 19250, 4,
                "1024m", "2048m"));
        cluster.prepare();

        Configuration local = GlobalConfiguration.loadConfiguration(dir.resolve("cluster/conf").toString());
        assertThat(local.get(RestOptions.PORT)).isEqualTo(18088);
        assertThat(local.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))
                .isEqualTo(dir.resolve("savepoints").toUri().toString());
        assertThat(local.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(dir.resolve("cluster/checkpoints").toUri().toString());
        assertThat(local.getString("metrics.reporter.prom.port", null)).isEqualTo("19249");
        assertThat(local.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY)).isEqualTo(MemorySize.parse("2048m"));
        assertThat(local.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(local.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(local.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(local.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
    }
}
