package dev.chcdc.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real service this project runs as a process: how to prepare its folder, the command that runs it, and how
 * to tell that it is ready. {@link ServiceProcess} decides the process's lifetime (bound to a test run, or
 * detached for the local stack), so each service is described once for both.
 */
public interface ManagedService {
    String name();

    /** The service's own folder: data, configuration and logs. */
    Path dir();

    default Path logFile() {
        return dir().resolve(name() + ".log");
    }

    /** Creates configuration and initialises data on first use; keeps existing data. */
    void prepare() throws IOException;

    /** The command, which must stop when its standard input ends (see {@link ServiceProcess}). */
    List<String> command();

    default Map<String, String> environment() {
        return Map.of();
    }

    /** Blocks until the service answers and its start-up setup (users, grants) is done. */
    void awaitReady(Readiness.Liveness liveness);

    /** Starts this service bound to the current JVM and waits until it is ready. */
    default ServiceProcess startBound() throws IOException {
        prepare();
        ServiceProcess process = ServiceProcess.startBound(name(), command(), dir(), logFile(), environment());
        try {
            awaitReady(process::isAlive);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return process;
    }
}
