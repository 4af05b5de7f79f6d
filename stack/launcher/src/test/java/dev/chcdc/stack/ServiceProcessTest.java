package dev.chcdc.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {
    @Test
    void aDetachedServiceThatDiedBehindItsLiveWrappersIsNotRunning(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("sleeper.pid");
        long group = ServiceProcess.startDetached("sleeper", ServiceProcess.stopOnEndOfInput(List.of("sleep", "300")),
                dir, dir.resolve("sleeper.log"), pidFile, Map.of());
        try {
            assertThat(eventually(() -> ServiceProcess.isDetachedRunning(pidFile), true)).isTrue();

            ProcessHandle service = ProcessHandle.of(group).orElseThrow().descendants()
                    .filter(process -> process.info().command().orElse("").endsWith("/sleep"))
                    .findFirst().orElseThrow();
            service.destroyForcibly();

            assertThat(eventually(() -> ServiceProcess.isDetachedRunning(pidFile), false)).isFalse();
            assertThat(ProcessHandle.of(group).orElseThrow().descendants().anyMatch(ProcessHandle::isAlive))
                    .as("the wrappers outlive the service").isTrue();
        } finally {
            ServiceProcess.stopDetached(pidFile, java.time.Duration.ZERO);
        }
    }

    private interface Check {
        boolean get() throws Exception;
    }

    private static boolean eventually(Check check, boolean wanted) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (check.get() == wanted) {
                return wanted;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return check.get();
    }
}
