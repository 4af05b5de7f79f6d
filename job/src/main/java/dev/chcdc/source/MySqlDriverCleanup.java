package dev.chcdc.source;

import com.mysql.cj.jdbc.AbandonedConnectionCleanupThread;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of what mysql-connector-j keeps of the job's class loader when the job ends, so a session cluster does
 * not keep every submission's classes (Metaspace) alive: the driver registers itself with the JVM-wide
 * {@link DriverManager}, and starts a connection-cleanup thread whose context is the job's class loader. Run when
 * the class loader is released (TaskManager) or the split enumerator closes (JobManager). Only what the job's own
 * class loader loaded is touched: a driver in Flink's lib/ is shared and stays, and so is everything when the job
 * runs from the application class path (a MiniCluster in tests, where the JVM's other users still need it).
 */
public final class MySqlDriverCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlDriverCleanup.class);

    private MySqlDriverCleanup() {}

    /** Whether this code runs in a class loader of the job's own (a session cluster's per-job loader). */
    public static boolean inJobClassLoader() {
        ClassLoader ours = MySqlDriverCleanup.class.getClassLoader();
        for (ClassLoader shared = ClassLoader.getSystemClassLoader(); shared != null; shared = shared.getParent()) {
            if (ours == shared) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loads this class and what {@link #run} needs while the job's class loader is open: on the JobManager, Flink
     * may close it while the split enumerator is still closing, and a class first needed then cannot be loaded.
     */
    public static void prepare() {
        LOG.debug("Ready to release {} when the job ends", AbandonedConnectionCleanupThread.class.getName());
    }

    public static void run() {
        if (!inJobClassLoader()) {
            return;
        }
        ClassLoader ours = MySqlDriverCleanup.class.getClassLoader();
        int deregistered = 0;
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == ours) {
                try {
                    DriverManager.deregisterDriver(driver);
                    deregistered++;
                } catch (SQLException e) {
                    LOG.warn("Could not deregister the MySQL driver {}", driver.getClass().getName(), e);
                }
            }
        }
        boolean ownThread = AbandonedConnectionCleanupThread.class.getClassLoader() == ours;
        if (ownThread) {
            AbandonedConnectionCleanupThread.uncheckedShutdown();
        }
        LOG.info("Released the job's MySQL driver: {} registration(s) removed{}", deregistered,
                ownThread ? ", connection-cleanup thread stopped" : "");
    }
}
