package dev.chcdc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used by the three parties of a measurement: this JVM, the MariaDB process tree and the ClickHouse
 * process tree, read from {@code /proc/<pid>/stat} (user + system time). Divided by the wall time of a
 * measurement it says how many of the machine's cores each party kept busy, which tells whether a path is
 * CPU-bound (the cores add up to the machine) or latency-bound (they do not), and on whose side.
 */
final class CpuMeter {
    /** Linux reports process times in clock ticks; 100 per second on every mainstream kernel configuration. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long mariaDbPid;
    private final long clickHousePid;

    CpuMeter(long mariaDbPid, long clickHousePid) {
        this.mariaDbPid = mariaDbPid;
        this.clickHousePid = clickHousePid;
    }

    /** CPU seconds used so far by each party, and when they were read. */
    record Reading(long nanoTime, double jvm, double mariaDb, double clickHouse) {}

    /** Cores kept busy on average between two readings. */
    record Usage(double seconds, double jvmCores, double mariaDbCores, double clickHouseCores) {
        double totalCores() {
            return jvmCores + mariaDbCores + clickHouseCores;
        }

        String describe() {
            return String.format("JVM %.2f + MariaDB %.2f + ClickHouse %.2f = %.2f cores", jvmCores, mariaDbCores,
                    clickHouseCores, totalCores());
        }
    }

    Reading read() {
        return new Reading(System.nanoTime(), treeSeconds(ProcessHandle.current().pid(), false),
                treeSeconds(mariaDbPid, true), treeSeconds(clickHousePid, true));
    }

    static Usage between(Reading start, Reading end) {
        double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
        return new Usage(seconds, (end.jvm() - start.jvm()) / seconds, (end.mariaDb() - start.mariaDb()) / seconds,
                (end.clickHouse() - start.clickHouse()) / seconds);
    }

    private static double treeSeconds(long pid, boolean withDescendants) {
        double seconds = processSeconds(pid);
        if (withDescendants) {
            seconds += ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                    .mapToDouble(child -> processSeconds(child.pid())).sum();
        }
        return seconds;
    }

    private static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces: state is field 3,
            // utime field 14 and stime field 15 of the whole line.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended between listing and reading
        }
    }

    /** Cores of this machine, for the report. */
    static int machineCores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The first "model name" of /proc/cpuinfo, for the report. */
    static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
