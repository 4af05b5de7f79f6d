package dev.chcdc.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A TaskManager of the standalone session cluster. Each start gets a fresh resource id, so a TaskManager
 * started after a crash is told apart from the dead one still listed until its heartbeat times out.
 */
public final class FlinkTaskManager implements ManagedService {
    private final Path dir;
    private final FlinkDistribution flink;
    private final FlinkJobManager jobManager;
    private final String resourceId;
    private final int prometheusPort;

    public FlinkTaskManager(
            Path dir, FlinkDistribution flink, FlinkJobManager jobManager, String resourceId, int prometheusPort) {
        this.dir = dir;
        this.flink = flink;
        this.jobManager = jobManager;
        this.resourceId = resourceId;
        this.prometheusPort = prometheusPort;
    }

    @Override
    public String name() {
        return "flink-taskmanager";
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public void prepare() {
        // The configuration is written by the cluster's owner before either process starts.
    }

    @Override
    public List<String> command() {
        try {
            return ServiceProcess.stopOnEndOfInput(flink.processCommand("GET_TM_RESOURCE_PARAMS",
                    "taskmanager-" + resourceId, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    List.of("-Dtaskmanager.resource-id=" + resourceId,
                            "-Dmetrics.reporter.prom.port=" + prometheusPort)));
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
        Readiness.await("Flink TaskManager " + resourceId, Duration.ofSeconds(90), liveness,
                () -> jobManager.get("/taskmanagers").body().contains("\"id\":\"" + resourceId + "\""),
                flink.logDir().resolve("taskmanager-" + resourceId + ".log"));
    }
}
