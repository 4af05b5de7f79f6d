package dev.chcdc.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServices.class)
class MariaDbServerIT {

    @Test
    void rowInsertedThroughJdbcIsSeenInTheBinlogByTheReplicationUser(MariaDbServer mariaDb, TestNames names)
            throws Exception {
        String database = names.unique("binlog");
        try (Connection root = mariaDb.rootConnection("");
                Statement statement = root.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            statement.execute("CREATE TABLE " + database + ".t (id INT PRIMARY KEY, name VARCHAR(20))");
        }
        BlockingQueue<Serializable[]> rows = new LinkedBlockingQueue<>();
        BinaryLogClient reader = new BinaryLogClient(
                mariaDb.host(), mariaDb.port(), MariaDbServer.CDC_USER, mariaDb.cdcPassword());
        reader.setServerId(Long.parseLong(names.serverIdRange().split("-")[0]));
        reader.registerEventListener(event -> {
            if (event.getData() instanceof WriteRowsEventData data) {
                rows.addAll(data.getRows());
            }
        });
        reader.connect(10_000);
        try (Connection root = mariaDb.rootConnection(database);
                Statement statement = root.createStatement()) {
            statement.execute("INSERT INTO t VALUES (42, 'forty-two')");
            Serializable[] row = rows.poll(30, TimeUnit.SECONDS);
            assertThat(row).isNotNull();
            assertThat(row[0]).isEqualTo(42);
            assertThat(row[1]).isEqualTo("forty-two");
        } finally {
            reader.disconnect();
        }
    }

    @Test
    void serverRunsTheBinlogSettingsThePipelineRequires(MariaDbServer mariaDb) throws Exception {
        try (Connection cdc = mariaDb.cdcConnection("");
                Statement statement = cdc.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id")) {
            result.next();
            assertThat(List.of(result.getString(1), result.getString(2), result.getString(3), result.getString(4)))
                    .containsExactly("1", "ROW", "FULL", "1");
        }
    }

    @Test
    void replicationUserHoldsOnlyTheBinlogPrivilegesGloballyAndSelectPerCapturedDatabase(
            MariaDbServer mariaDb, TestNames names) throws Exception {
        String database = names.unique("granted");
        mariaDb.createCapturedDatabase(database);
        List<String> grants = new java.util.ArrayList<>();
        try (Connection root = mariaDb.rootConnection("");
                Statement statement = root.createStatement();
                ResultSet result = statement.executeQuery("SHOW GRANTS FOR 'cdc'@'%'")) {
            while (result.next()) {
                grants.add(result.getString(1));
            }
        }
        assertThat(grants.get(0)).startsWith("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `cdc`@`%`");
        assertThat(grants).contains("GRANT SELECT ON `" + database + "`.* TO `cdc`@`%`");
        assertThat(grants).noneMatch(grant -> grant.contains("SELECT") && grant.contains(" ON *.*"));
    }
}
