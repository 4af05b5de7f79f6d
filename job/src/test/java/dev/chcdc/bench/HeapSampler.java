package dev.chcdc.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches this JVM's heap while a snapshot runs. Two series, each tagged with the snapshot's progress (0..1):
 *
 * <ul>
 *   <li><b>after GC</b>: heap in use right after each collection, summed over the heap pools, from the JVM's
 *       GC notifications. This is the live data plus what the collector left for later (G1's young
 *       collections do not clean the old generation); its floor is what the job really retains.
 *   <li><b>periodic</b>: heap in use once a second, garbage included; its maximum is bounded by -Xmx.
 * </ul>
 *
 * A heap that stays flat while the rows read grow past many heaps' worth shows that the job streams rows
 * through and holds only bounded buffers (a snapshot chunk's fetch, a checkpoint's batches). Every sample is
 * also appended to a file as it is taken ({@code gc|tick seconds progress bytes}), so a run that dies of
 * OutOfMemoryError still leaves its curve behind.
 */
final class HeapSampler implements AutoCloseable {
    record Sample(double seconds, double progress, long usedBytes) {}

    private final DoubleSupplier progress;
    private final long startNanos = System.nanoTime();
    private final List<Sample> afterGc = new ArrayList<>();
    private final List<Sample> periodic = new ArrayList<>();
    private final Set<String> heapPools;
    private final NotificationListener listener = this::onNotification;
    private final Thread ticker;
    private final Writer log;
    private long gcCount;
    private long gcMillis;
    private long fullGcCount;
    private boolean closed;

    HeapSampler(DoubleSupplier progress, Path samplesFile) throws IOException {
        this.progress = progress;
        this.log = Files.newBufferedWriter(samplesFile);
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener(listener, null, null);
        }
        ticker = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                record("tick", periodic, new Sample(elapsed(), progress.getAsDouble(), used));
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        ticker.setDaemon(true);
        ticker.start();
    }

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void onNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        synchronized (this) {
            gcCount++;
            gcMillis += info.getGcInfo().getDuration();
            if (info.getGcAction().contains("major") || info.getGcName().contains("Old")
                    || info.getGcName().contains("MarkSweep")) {
                fullGcCount++;
            }
        }
        record("gc", afterGc, new Sample(elapsed(), progress.getAsDouble(), used));
    }

    private synchronized void record(String kind, List<Sample> samples, Sample sample) {
        if (closed) {
            return;
        }
        samples.add(sample);
        try {
            log.write(String.format(java.util.Locale.ROOT, "%s %.1f %.4f %d%n", kind, sample.seconds(),
                    sample.progress(), sample.usedBytes()));
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a samples file back: the after-GC samples and the periodic ones. */
    static List<List<Sample>> read(Path samplesFile) throws IOException {
        List<Sample> gc = new ArrayList<>();
        List<Sample> ticks = new ArrayList<>();
        if (Files.exists(samplesFile)) {
            for (String line : Files.readAllLines(samplesFile)) {
                String[] fields = line.strip().split(" ");
                if (fields.length != 4) {
                    continue; // a line cut short by the JVM's exit
                }
                Sample sample = new Sample(Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
                        Long.parseLong(fields[3]));
                (fields[0].equals("gc") ? gc : ticks).add(sample);
            }
        }
        return List.of(gc, ticks);
    }

    synchronized List<Sample> afterGc() {
        return List.copyOf(afterGc);
    }

    synchronized List<Sample> periodic() {
        return List.copyOf(periodic);
    }

    synchronized long gcCount() {
        return gcCount;
    }

    synchronized long gcMillis() {
        return gcMillis;
    }

    /** Collections of the whole heap (G1 "Old"/major): zero means the heap never ran short. */
    synchronized long fullGcCount() {
        return fullGcCount;
    }

    @Override
    public synchronized void close() {
        closed = true;
        ticker.interrupt();
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
