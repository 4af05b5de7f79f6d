package dev.chcdc.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.data.ClickHouseFormat;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServices.class)
class ClickHouseServerIT {

    private static Client jobClient(ClickHouseServer clickHouse) {
        return new Client.Builder()
                .addEndpoint(clickHouse.httpUrl())
                .setUsername(ClickHouseServer.JOB_USER)
                .setPassword(clickHouse.jobPassword())
                .build();
    }

    @Test
    void serverIsTheCurrentEngineVersion26(ClickHouseServer clickHouse) throws Exception {
        assertThat(clickHouse.query("SELECT version()")).startsWith("26.");
    }

    @Test
    void rowsInsertedByTheJavaClientAreReadBackOverHttp(ClickHouseServer clickHouse, TestNames names)
            throws Exception {
        String database = names.unique("roundtrip");
        try (Client client = jobClient(clickHouse)) {
            client.execute("CREATE DATABASE " + database).get();
            client.execute("CREATE TABLE " + database + ".t (id UInt64, name String, at DateTime64(6)) "
                    + "ENGINE = MergeTree ORDER BY id").get();
            byte[] rows = "1\tcafé ☕\t2024-02-29 23:59:59.123456\n2\t😀\t1970-01-01 00:00:00.000001\n"
                    .getBytes(StandardCharsets.UTF_8);
            client.insert(database + ".t", new ByteArrayInputStream(rows), ClickHouseFormat.TabSeparated).get();
            List<GenericRecord> read = client.queryAll("SELECT id, name, toString(at) FROM " + database + ".t ORDER BY id");
            assertThat(read).extracting(row -> row.getLong(1) + "|" + row.getString(2) + "|" + row.getString(3))
                    .containsExactly("1|café ☕|2024-02-29 23:59:59.123456", "2|😀|1970-01-01 00:00:00.000001");
        }
        assertThat(clickHouse.query("SELECT count() FROM " + database + ".t")).isEqualTo("2\n");
    }

    @Test
    void jobUserIsRefusedDropTable(ClickHouseServer clickHouse, TestNames names) throws Exception {
        String database = names.unique("rights");
        clickHouse.query("CREATE DATABASE " + database);
        clickHouse.query("CREATE TABLE " + database + ".t (id UInt64) ENGINE = MergeTree ORDER BY id");
        try (Client client = jobClient(clickHouse)) {
            assertThatThrownBy(() -> client.execute("DROP TABLE " + database + ".t").get())
                    .isInstanceOf(ServerException.class)
                    .satisfies(error -> assertThat(((ServerException) error).getCode()).isEqualTo(497));
        }
        assertThat(clickHouse.query("EXISTS TABLE " + database + ".t")).isEqualTo("1\n");
    }
}
