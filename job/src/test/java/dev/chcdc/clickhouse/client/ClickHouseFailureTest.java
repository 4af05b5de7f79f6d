package dev.chcdc.clickhouse.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ServerException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ClickHouseFailureTest {
    private static final String SENTINEL = "SENTINEL-7f3a";

    @Test
    void aRowRefusalKeepsTheCodeTheErrorNameAndTheConstraintButNotTheRowsValues() {
        ServerException server = new ServerException(469, "Code: 469. DB::Exception: Constraint `short_body` for table "
                + "shop.notes_raw (1f0c) is violated at row 1. Expression: (length(body) < 20). Column values: body = '"
                + SENTINEL + "'. (VIOLATED_CONSTRAINT)  (queryId= q1)", 500, "q1");

        ClickHouseWriteException wrapped = ClickHouseFailure.wrap("insert into shop.notes_raw", server);

        assertThat(wrapped.getMessage()).isEqualTo("insert into shop.notes_raw failed: ClickHouse error 469 "
                + "VIOLATED_CONSTRAINT, constraint `short_body` (the server's text is left out: it may quote row values)");
        assertThat(wrapped.getCause()).isNull();
        assertThat(wrapped.failureClass()).isEqualTo(FailureClass.ROW_REFUSED);
    }

    @Test
    void anUnknownCodeIsAConfigurationFaultWithoutTheServersText() {
        ServerException server = new ServerException(1234, "Code: 1234. DB::Exception: Cannot parse '" + SENTINEL
                + "'. (SOMETHING_NEW) (version 26.7.2.1 (official build))", 500, "q2");

        ClickHouseWriteException wrapped = ClickHouseFailure.wrap("insert", server);

        assertThat(wrapped.getMessage()).doesNotContain(SENTINEL).contains("ClickHouse error 1234 SOMETHING_NEW");
        assertThat(wrapped.failureClass()).isEqualTo(FailureClass.CONFIGURATION);
    }

    @Test
    void aListedConfigurationErrorKeepsTheServersTextWhichNamesTheMissingRight() {
        String text = "Code: 497. DB::Exception: cdc_writer: Not enough privileges. To execute this query, it's "
                + "necessary to have the grant INSERT(id) ON shop.notes_raw. (ACCESS_DENIED) (version 26.7.2.1)";

        ClickHouseWriteException wrapped = ClickHouseFailure.wrap("insert", new ServerException(497, text, 500, "q3"));

        assertThat(wrapped.getMessage()).isEqualTo("insert failed: " + text);
        assertThat(wrapped.failureClass()).isEqualTo(FailureClass.CONFIGURATION);
    }

    @Test
    void aRefusedCertificateIsAConfigurationFaultNamingTheCaOption() {
        ClickHouseWriteException wrapped = ClickHouseFailure.wrap("`SELECT 1` on https://ch:8443",
                new RuntimeException(new SSLHandshakeException("PKIX path building failed")));

        assertThat(wrapped.failureClass()).isEqualTo(FailureClass.CONFIGURATION);
        assertThat(wrapped.getMessage()).contains("TLS to ClickHouse refused (PKIX path building failed)")
                .contains("clickhouse.ssl-ca");
    }
}
