package dev.chcdc.testsupport;

import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything this JVM logs while open, as text: each event's level, logger, message, and every exception of its
 * chain (messages and suppressed ones). Meanwhile the libraries log at INFO, as in production (the test
 * configuration quiets some to WARN); the loggers production quiets because they print row values stay quiet.
 */
public final class LogCapture implements AutoCloseable {
    private static final String[] PRODUCTION_INFO = {"org.apache.flink", "io.debezium", "com.clickhouse"};

    private final StringBuffer text = new StringBuffer();
    private final AbstractAppender appender;
    private final Map<String, Level> levelsBefore = new HashMap<>();

    private LogCapture() {
        appender = new AbstractAppender("log-capture-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ')
                        .append(event.getLoggerName()).append(' ').append(event.getMessage().getFormattedMessage())
                        .append('\n');
                appendChain(event.getThrown(), line);
                text.append(line);
            }
        };
    }

    private static void appendChain(Throwable error, StringBuilder into) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            into.append(cause).append('\n');
            for (Throwable suppressed : cause.getSuppressed()) {
                appendChain(suppressed, into);
            }
        }
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        for (String logger : PRODUCTION_INFO) {
            capture.levelsBefore.put(logger, context.getConfiguration().getLoggerConfig(logger).getLevel());
            Configurator.setLevel(logger, Level.INFO);
        }
        capture.appender.start();
        context.getConfiguration().getRootLogger().addAppender(capture.appender, null, null);
        context.updateLoggers();
        return capture;
    }

    /** What was logged so far. */
    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        levelsBefore.forEach(Configurator::setLevel);
        context.updateLoggers();
        appender.stop();
    }
}
