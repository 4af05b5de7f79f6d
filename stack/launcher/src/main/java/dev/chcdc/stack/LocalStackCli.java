package dev.chcdc.stack;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/stack start|stop|status|restart-taskmanager|sql <file>...|flink <args>}: the local stack's command line. Output
 * goes to the terminal because this is a command-line tool talking to a person.
 */
public final class LocalStackCli {
    private LocalStackCli() {}

    public static void main(String[] args) throws Exception {
        ProjectPaths paths = ProjectPaths.detect();
        LocalStack stack = new LocalStack(paths, paths.localStackDir(), LocalStack.Ports.defaults(), paths.savepoints());
        String command = args.length == 0 ? "status" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        int exitCode = 0;
        switch (command) {
            case "start" -> {
                stack.start();
                System.out.println("Local stack is up:");
                stack.endpoints().forEach(line -> System.out.println("  " + line));
            }
            case "stop" -> {
                stack.stop();
                System.out.println("Local stack stopped (data kept in " + stack.dir() + ").");
            }
            case "status" -> {
                for (Map.Entry<String, Boolean> entry : stack.status().entrySet()) {
                    System.out.printf("  %-18s %s%n", entry.getKey(), entry.getValue() ? "running" : "stopped");
                    exitCode = entry.getValue() ? exitCode : 3;
                }
                stack.endpoints().forEach(line -> System.out.println("  " + line));
            }
            case "restart-taskmanager" -> {
                FlinkCluster flink = stack.flinkCluster();
                stack.kill("flink-taskmanager");
                stack.startTaskManagerIfStopped(flink);
                System.out.println("TaskManager restarted.");
            }
            case "flink" -> exitCode = stack.flinkCluster().cliInteractive(rest);
            case "sql" -> {
                for (String file : rest) {
                    stack.mariaDb().runScript(java.nio.file.Path.of(file));
                    System.out.println("Ran " + file + " against the local MariaDB.");
                }
            }
            default -> {
                System.err.println("usage: bin/stack start|stop|status|restart-taskmanager|sql <file>...|flink <flink CLI args>");
                exitCode = 2;
            }
        }
        System.exit(exitCode);
    }
}
