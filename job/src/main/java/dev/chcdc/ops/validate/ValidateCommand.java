package dev.chcdc.ops.validate;

import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.config.ConfigException;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.JobConfigLoader;
import dev.chcdc.config.MySqlConfig;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import dev.chcdc.source.MySqlTableSchemaReader;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code validate}: compares the job's MySQL tables with their ClickHouse views and prints a report (see
 * {@link ValidateOptions#USAGE}). It reads the job's own configuration file and finds the tables, their keys and
 * their ClickHouse names exactly as the job does. Exit status {@value #EXIT_OK} without drift, {@value #EXIT_DRIFT}
 * with drift, {@value #EXIT_ERROR} when the options, the configuration, a server or a table is in the way.
 */
public final class ValidateCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_DRIFT = 1;
    public static final int EXIT_ERROR = 2;

    private ValidateCommand() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command: the report goes to {@code out}, problems to {@code err}; returns the exit status. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err)
            throws InterruptedException {
        ValidateOptions options;
        try {
            options = ValidateOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("validate: " + e.getMessage());
            err.print(ValidateOptions.USAGE);
            return EXIT_ERROR;
        }
        if (options.help()) {
            out.print(ValidateOptions.USAGE);
            return EXIT_OK;
        }
        JobConfig config;
        try {
            // The validator never writes to Kafka, so a job configuration without a broker is as good as one with.
            config = new JobConfigLoader(environment).load(new String[] {
                "--config", options.config().toString(), "--tee.enabled", "false", "--dead-letter.enabled", "false"});
        } catch (ConfigException e) {
            err.println("validate: " + e.getMessage());
            return EXIT_ERROR;
        }
        MySqlConfig mysql = config.mysql();
        if (mysql == null) {
            err.println("validate: " + options.config() + " has pipeline.mode=replay and no MySQL settings; "
                    + "validate compares MySQL with ClickHouse and needs the mysql.* keys of the live job");
            return EXIT_ERROR;
        }
        try (Connection connection = MySqlReadSession.open(mysql, options.statementTimeout());
                ClickHouseGateway clickHouse = new ClickHouseGateway(config.clickhouse())) {
            List<TableSchema> tables = select(MySqlTableSchemaReader.read(connection, mysql), options.tables());
            reachable(clickHouse, config.clickhouse().url());
            List<TableResult> results =
                    new Validation(connection, clickHouse, config.clickhouse(), options).run(tables);
            ValidationReport.print(results, out);
            return ValidationReport.exitStatus(results);
        } catch (SQLException e) {
            err.println("validate: cannot read MySQL at " + mysql.hostname() + ":" + mysql.port() + " as '"
                    + mysql.username() + "': " + e.getMessage());
            return EXIT_ERROR;
        } catch (ConfigException e) {
            err.println("validate: " + e.getMessage());
            return EXIT_ERROR;
        }
    }

    /** The requested tables among those the job captures, in the requested order; all of them when none is named. */
    private static List<TableSchema> select(List<TableSchema> captured, List<TableId> requested) {
        if (requested.isEmpty()) {
            return captured;
        }
        List<TableSchema> selected = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (TableId table : requested) {
            captured.stream().filter(schema -> schema.table().equals(table)).findFirst()
                    .ifPresentOrElse(selected::add, () -> unknown.add(table.toString()));
        }
        if (!unknown.isEmpty()) {
            List<String> names = captured.stream().map(schema -> schema.table().toString()).toList();
            throw new ConfigException("--tables: " + String.join(", ", unknown) + " not captured by this configuration "
                    + "(captured: " + String.join(", ", names) + ")");
        }
        return selected;
    }

    private static void reachable(ClickHouseGateway clickHouse, String url) {
        try {
            clickHouse.serverVersion();
        } catch (RuntimeException e) {
            throw new ConfigException("cannot reach ClickHouse at " + url + ": " + e.getMessage()
                    + " (check clickhouse.url, clickhouse.username and its password)");
        }
    }
}
