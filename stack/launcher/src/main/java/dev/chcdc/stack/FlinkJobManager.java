package dev.chcdc.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The JobManager of a standalone session cluster, with the REST API and web UI on {@code restPort}. */
public final class FlinkJobManager implements ManagedService {
    private final Path dir;
    private final FlinkDistribution flink;
    private final int restPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkJobManager(Path dir, FlinkDistribution flink, int restPort) {
        this.dir = dir;
        this.flink = flink;
        this.restPort = restPort;
    }

    @Override
    public String name() {
        return "flink-jobmanager";
    }

    @Override
    public Path dir() {
        return dir;
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    @Override
    public void prepare() {
        // The configuration is written by the cluster's owner before either process starts.
    }

    @Override
    public List<String> command() {
        try {
            return ServiceProcess.stopOnEndOfInput(flink.processCommand("GET_JM_RESOURCE_PARAMS", "jobmanager",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> environment() {
        return flink.environment();
    }

    @Override
    public void awaitReady(Readiness.Liveness liveness) {
        Readiness.await("Flink JobManager (REST port " + restPort + ")", Duration.ofSeconds(90), liveness,
                () -> get("/overview").statusCode() == 200, flink.logDir().resolve("jobmanager.log"));
    }

    /** GETs a REST path such as {@code /overview} or {@code /jobs/overview}. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(restUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
