package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.config.JobConfig;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.FreePorts;
import dev.chcdc.stack.KafkaBroker;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.Eventually;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.PrometheusScrape;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TeeTopicReader;
import dev.chcdc.testsupport.TestNames;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.LossReportingKafkaSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.junit.SharedObjectsExtension;
import org.apache.flink.testutils.junit.SharedReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tee transaction that outlives {@code tee.transaction-timeout} (here a checkpoint slower than the timeout; in
 * production as often a job resumed late from a checkpoint) is aborted by the broker; the job reports it at
 * ERROR and in {@code teeTransactionsLost}; the writer's next transaction fails too, so the job restarts from its
 * last checkpoint and goes on, and ClickHouse still receives every change.
 */
@ExtendWith(RealServices.class)
class TeeTransactionLossIT {
    private static final int PROMETHEUS_PORT = FreePorts.next();
    private static final String LOST = "flink_taskmanager_job_task_operator_cdc_" + LossReportingKafkaSink.TRANSACTIONS_LOST;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster(PrometheusScrape.reporter(PROMETHEUS_PORT));

    @RegisterExtension
    final SharedObjectsExtension shared = SharedObjectsExtension.create();

    @Test
    void aTeeTransactionTheBrokerAbortedIsReportedAndClickHouseStillGetsEveryChange(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            String prefix = names.unique("lost");
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, amount INT NOT NULL)");
            statement.execute("INSERT INTO orders SELECT seq, seq FROM seq_1_to_100");
            JobConfig config = fixture.config(Map.of("kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "tee.enabled", "true", "tee.topic-prefix", prefix, "tee.transaction-timeout", "3s"));
            SharedReference<AtomicBoolean> armed = shared.add(new AtomicBoolean());

            JobStartup startup = JobStartup.prepare(config);
            JobClient first = fixture.track(submit(config, startup, armed));
            fixture.awaitParity(startup.tables(), TIMEOUT);
            String topic = prefix + "." + fixture.database() + ".orders";
            Eventually.poll(TIMEOUT, Duration.ofSeconds(1), () -> TeeTopicReader.readAll(kafka.bootstrapServers(), topic).size(),
                    records -> records == 100);

            // A checkpoint that takes longer than the transaction timeout: the broker aborts the tee's transaction
            // before the job can commit it.
            armed.get().set(true);
            statement.execute("INSERT INTO orders SELECT 1000 + seq, seq FROM seq_1_to_50");
            OptionalDouble lost = Eventually.poll(Duration.ofSeconds(90), Duration.ofSeconds(1),
                    () -> PrometheusScrape.max(PROMETHEUS_PORT, LOST, ""), value -> value.isPresent() && value.getAsDouble() > 0);
            assertThat(lost).isPresent();
            assertThat(lost.getAsDouble()).isGreaterThan(0);
            statement.execute("INSERT INTO orders SELECT 2000 + seq, seq FROM seq_1_to_10");
            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertThat(first.getJobStatus().get().isGloballyTerminalState()).isFalse();
        }
    }

    private JobClient submit(JobConfig config, JobStartup startup, SharedReference<AtomicBoolean> armed) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcJob.build(env, config, startup, changes -> changes.map(new StallCheckpoint(armed))
                .returns(TypeInformation.of(ChangeEvent.class)).uid("stall-checkpoint"));
        return env.executeAsync("tee-transaction-loss-it");
    }

    /** Once armed, holds the next checkpoint that covers changes for longer than the tee's transaction timeout. */
    private static final class StallCheckpoint implements MapFunction<ChangeEvent, ChangeEvent>, CheckpointedFunction {
        private final SharedReference<AtomicBoolean> armed;
        private boolean changedSinceArmed;

        StallCheckpoint(SharedReference<AtomicBoolean> armed) {
            this.armed = armed;
        }

        @Override
        public ChangeEvent map(ChangeEvent event) {
            if (!event.isHeartbeat() && armed.get().get()) {
                changedSinceArmed = true;
            }
            return event;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            if (changedSinceArmed && armed.get().compareAndSet(true, false)) {
                TimeUnit.SECONDS.sleep(20);
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}
    }
}
