package dev.chcdc.ops.check;

import dev.chcdc.config.ConfigException;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.JobConfigLoader;
import dev.chcdc.config.PipelineMode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code check}: connects to MySQL, Kafka and ClickHouse with the job's own configuration and reports every
 * misconfiguration at once, each with its fix, before anything is submitted. Exit status 0 when nothing fails
 * (warnings allowed), 1 when something fails, 2 when the configuration itself is invalid. It only reads.
 */
public final class PreflightCheck {
    private PreflightCheck() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** Runs the checks for {@code args} (as {@code flink run} takes them) and prints the report to {@code out}. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out) {
        JobConfig config;
        try {
            config = new JobConfigLoader(environment).load(args);
        } catch (ConfigException e) {
            out.println("FAIL  config      " + e.getMessage().strip().replace("\n", "\n                  "));
            return 2;
        }
        List<Finding> findings = findings(config);
        for (Finding finding : findings) {
            out.printf("%-5s %-11s %s%n", finding.severity(), finding.area(), finding.message());
        }
        long failed = findings.stream().filter(finding -> finding.severity() == Finding.Severity.FAIL).count();
        long warned = findings.stream().filter(finding -> finding.severity() == Finding.Severity.WARN).count();
        out.println(failed == 0
                ? "Ready to submit" + (warned == 0 ? "." : " (" + warned + " warning(s)).")
                : failed + " problem(s) to fix before submitting.");
        return failed == 0 ? 0 : 1;
    }

    static List<Finding> findings(JobConfig config) {
        List<Finding> findings = new ArrayList<>();
        if (config.pipeline().mode() == PipelineMode.LIVE) {
            findings.addAll(MySqlChecks.run(config));
        }
        findings.addAll(KafkaChecks.run(config));
        findings.addAll(ClickHouseChecks.run(config.clickhouse()));
        return findings;
    }
}
