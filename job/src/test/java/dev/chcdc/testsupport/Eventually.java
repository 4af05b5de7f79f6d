package dev.chcdc.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Polling for results that arrive asynchronously (a pipeline commits on checkpoints): the probe's last value is
 * returned either way, so the caller's assertion reports what was actually seen.
 */
public final class Eventually {
    /** A probe that may fail (queries). */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    private Eventually() {}

    /** Calls {@code probe} every {@code interval} until {@code done} holds or {@code timeout} passes. */
    public static <T> T poll(Duration timeout, Duration interval, Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(interval.toMillis());
            value = probe.get();
        }
        return value;
    }
}
