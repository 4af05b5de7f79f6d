package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.config.JobConfig;
import dev.chcdc.event.TableId;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.FreePorts;
import dev.chcdc.stack.KafkaBroker;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.stack.ProjectPaths;
import dev.chcdc.stack.ServiceProcess;
import dev.chcdc.tee.TeeTopics;
import dev.chcdc.testsupport.LedgerWorkload;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker goes away for 30 s while changes stream: the job back-pressures instead of dropping, and once the
 * broker is back the tee holds every change exactly once and ClickHouse equals MySQL. Uses a broker of its
 * own, so the shared one stays up for other tests.
 */
@ExtendWith(RealServices.class)
class BrokerOutageIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @Test
    void noChangeIsLostOrDuplicatedWhenTheBrokerIsDownFor30Seconds(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        Path dir = Files.createTempDirectory(ProjectPaths.detect().root().resolve("target"), "outage-kafka");
        KafkaBroker broker = new KafkaBroker(dir, ProjectPaths.detect().kafkaLibs(), FreePorts.next(), FreePorts.next());
        ServiceProcess running = broker.startBound();
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            LedgerWorkload ledger = new LedgerWorkload(mysql, 600, 21);
            ledger.create(500);
            String prefix = names.unique("outage");
            Map<String, String> settings = new HashMap<>();
            settings.put("kafka.bootstrap-servers", broker.bootstrapServers());
            settings.put("tee.enabled", "true");
            settings.put("tee.topic-prefix", prefix);
            settings.put("pipeline.name", prefix);
            JobConfig config = fixture.config(settings);
            JobStartup startup = JobStartup.prepare(config);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(env, config, startup);
            fixture.track(env.executeAsync("broker-outage-it"));
            fixture.awaitParity(startup.tables(), TIMEOUT);
            ledger.changes(500);

            running.close();
            long outageEnds = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < outageEnds) {
                ledger.changes(50);
                TimeUnit.SECONDS.sleep(3);
            }
            running = broker.startBound();
            ledger.changes(500);

            fixture.awaitParity(startup.tables(), TIMEOUT);
            String topic = TeeTopics.topic(prefix, new TableId(fixture.database(), LedgerWorkload.TABLE));
            assertThat(ledger.awaitChangesInTee(broker.bootstrapServers(), topic, TIMEOUT)).isEqualTo(ledger.expectedChanges());
        } finally {
            running.close();
        }
    }
}
