package dev.chcdc.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;
import org.apache.flink.configuration.Configuration;

/** Reads one metric from a Prometheus endpoint, as a dashboard would. */
public final class PrometheusScrape {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PrometheusScrape() {}

    /** Cluster settings for Flink's Prometheus reporter on {@code port}, for {@code PipelineFixture.miniCluster}. */
    public static Configuration reporter(int port) {
        Configuration configuration = new Configuration();
        configuration.setString("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        configuration.setString("metrics.reporter.prom.port", String.valueOf(port));
        return configuration;
    }

    /**
     * The per-table gauge {@code metric} of {@code table} ({@code <db>.<table>}; Flink's reporter writes the label
     * with an underscore) once it satisfies {@code done}, polled for up to {@code timeout}; the last value seen
     * otherwise. Fails, listing the cdc series, when the gauge never appears.
     */
    public static double tableGauge(int port, String metric, String table, Duration timeout, DoublePredicate done)
            throws Exception {
        String label = "table=\"" + table.replace('.', '_') + "\"";
        OptionalDouble value = Eventually.poll(timeout, Duration.ofSeconds(1), () -> max(port, metric, label),
                found -> found.isPresent() && done.test(found.getAsDouble()));
        if (value.isEmpty()) {
            throw new AssertionError("No " + metric + " for " + table + "; the cdc series are:\n"
                    + seriesContaining(port, "_cdc_"));
        }
        return value.getAsDouble();
    }

    /** The series of the endpoint whose line contains {@code part}, for failure messages. */
    public static String seriesContaining(int port, String part) throws IOException, InterruptedException {
        return String.join("\n", scrape(port).lines().filter(line -> line.contains(part)).limit(40).toList());
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * The highest value of metric {@code name} among its series whose labels contain {@code label} (e.g.
     * {@code table="shop.orders"}), or empty when no such series exists (yet).
     */
    public static OptionalDouble max(int port, String name, String label) throws IOException, InterruptedException {
        return scrape(port).lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .max();
    }
}
