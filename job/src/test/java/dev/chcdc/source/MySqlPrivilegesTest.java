package dev.chcdc.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MySqlPrivilegesTest {
    private static final String ACCOUNT = "'cdc'@'%'";

    @Test
    void exactlyTheJobsPrivilegesOnMySql8AreNeitherMissingNorExcess() {
        MySqlPrivileges privileges = MySqlPrivileges.parse(ACCOUNT, List.of(
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `cdc`@`%`",
                "GRANT SELECT ON `shop`.* TO `cdc`@`%`"));

        assertThat(privileges.missing(List.of("shop"))).isEmpty();
        assertThat(privileges.excess(List.of("shop"))).isEmpty();
    }

    @Test
    void mariaDbsBinlogMonitorCountsAsReplicationClientAndItsPasswordHashIsIgnored() {
        MySqlPrivileges privileges = MySqlPrivileges.parse(ACCOUNT, List.of(
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `cdc`@`%` IDENTIFIED BY PASSWORD '*0123456789ABCDEF'",
                "GRANT SELECT ON `shop`.* TO `cdc`@`%`"));

        assertThat(privileges.missing(List.of("shop"))).isEmpty();
        assertThat(privileges.excess(List.of("shop"))).isEmpty();
        assertThat(privileges.toString()).doesNotContain("0123456789ABCDEF");
    }

    @Test
    void eachMissingPrivilegeIsNamedWithItsGrantStatement() {
        MySqlPrivileges privileges = MySqlPrivileges.parse(ACCOUNT, List.of("GRANT USAGE ON *.* TO `cdc`@`%`"));

        assertThat(privileges.missing(List.of("shop", "crm"))).containsExactly(
                "User 'cdc'@'%' lacks REPLICATION SLAVE, needed to read the binlog: GRANT REPLICATION SLAVE ON *.* TO 'cdc'@'%'",
                "User 'cdc'@'%' lacks REPLICATION CLIENT (MariaDB: BINLOG MONITOR), needed to read the binlog position: "
                        + "GRANT REPLICATION CLIENT ON *.* TO 'cdc'@'%'",
                "User 'cdc'@'%' cannot read database `shop` (snapshot and schema): GRANT SELECT ON `shop`.* TO 'cdc'@'%'",
                "User 'cdc'@'%' cannot read database `crm` (snapshot and schema): GRANT SELECT ON `crm`.* TO 'cdc'@'%'");
    }

    @Test
    void globalSelectIsExcessAndItsFixGrantsSelectOnTheCapturedDatabasesInstead() {
        MySqlPrivileges privileges = MySqlPrivileges.parse(ACCOUNT, List.of(
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO `cdc`@`%`"));

        assertThat(privileges.missing(List.of("shop"))).isEmpty();
        assertThat(privileges.excess(List.of("shop"))).containsExactly(
                "User 'cdc'@'%' holds more than the job uses: LOCK TABLES, RELOAD, SELECT, SHOW DATABASES ON *.* "
                        + "(SELECT on *.* reads every database, including mysql.user's password hashes): "
                        + "REVOKE LOCK TABLES, RELOAD, SELECT, SHOW DATABASES ON *.* FROM 'cdc'@'%'; "
                        + "then GRANT SELECT ON `shop`.* TO 'cdc'@'%'");
    }

    @Test
    void writePrivilegesOnACapturedDatabaseAndAnyOnOthersAreExcess() {
        MySqlPrivileges privileges = MySqlPrivileges.parse(ACCOUNT, List.of(
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `cdc`@`%`",
                "GRANT SELECT, INSERT, UPDATE ON `shop`.* TO `cdc`@`%`",
                "GRANT SELECT ON `hr`.`salaries` TO `cdc`@`%`"));

        assertThat(privileges.excess(List.of("shop"))).containsExactly(
                "User 'cdc'@'%' holds more than the job uses: INSERT, UPDATE ON `shop`.* (never used): "
                        + "REVOKE INSERT, UPDATE ON `shop`.* FROM 'cdc'@'%'",
                "User 'cdc'@'%' holds more than the job uses: SELECT ON `hr`.`salaries` (never used): "
                        + "REVOKE SELECT ON `hr`.`salaries` FROM 'cdc'@'%'");
    }

    @Test
    void aWildcardDatabaseGrantCoversTheDatabasesItMatches() {
        MySqlPrivileges privileges = MySqlPrivileges.parse(ACCOUNT, List.of(
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `cdc`@`%`",
                "GRANT SELECT ON `shop\\_%`.* TO `cdc`@`%`"));

        assertThat(privileges.missing(List.of("shop_eu", "shop_us"))).isEmpty();
        assertThat(privileges.missing(List.of("shopx"))).hasSize(1);
        assertThat(privileges.excess(List.of("shop_eu"))).isEmpty();
    }

    @Test
    void allPrivilegesSatisfyTheNeedsButAreReportedAsExcess() {
        MySqlPrivileges privileges = MySqlPrivileges.parse(ACCOUNT, List.of(
                "GRANT ALL PRIVILEGES ON *.* TO `cdc`@`%` WITH GRANT OPTION"));

        assertThat(privileges.missing(List.of("shop"))).isEmpty();
        assertThat(privileges.excess(List.of("shop"))).singleElement().asString()
                .contains("ALL PRIVILEGES ON *.*")
                .endsWith("REVOKE ALL PRIVILEGES ON *.* FROM 'cdc'@'%'; then GRANT SELECT ON `shop`.* TO 'cdc'@'%'");
    }

    @Test
    void rolesAreReportedAsNotAudited() {
        MySqlPrivileges privileges = MySqlPrivileges.parse(ACCOUNT, List.of(
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `cdc`@`%`",
                "GRANT SELECT ON `shop`.* TO `cdc`@`%`",
                "GRANT `reader`@`%` TO `cdc`@`%`"));

        assertThat(privileges.excess(List.of("shop"))).singleElement().asString().contains("roles");
    }
}
