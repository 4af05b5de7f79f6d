package dev.chcdc.stack;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits for a service to answer, giving up at a deadline or as soon as its process has died. */
public final class Readiness {
    interface Probe {
        /** True once the service answers; exceptions count as "not yet". */
        boolean ready() throws Exception;
    }

    public interface Liveness {
        boolean alive();
    }

    private Readiness() {}

    static void await(String service, Duration timeout, Liveness liveness, Probe probe, java.nio.file.Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (!liveness.alive()) {
                throw new ServiceStartException(
                        service + " exited during start-up.\n" + LogTail.of(log, 40), last);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceStartException("Interrupted while waiting for " + service, e);
            }
        }
        throw new ServiceStartException(
                service + " did not become ready within " + timeout.toSeconds() + " s"
                        + (last == null ? "" : " (last error: " + last + ")") + ".\n" + LogTail.of(log, 40),
                last);
    }
}
