package xyz.pura.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what is logged in this JVM while open (under one logger, or everything), to check what the logs say and never say. */
public final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger;

    /** Everything logged in this JVM. */
    public LogCapture() {
        this(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** What is logged under {@code loggerName} (e.g. {@code xyz.pura.chain}). */
    public LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** Every captured line: the formatted message, and the stack trace when there is one. */
    public List<String> lines() {
        return events().stream().map(LogCapture::line).toList();
    }

    /** The captured lines of loggers under {@code prefix} (e.g. {@code xyz.pura}: the gateway's own, not the broker's). */
    public List<String> linesFrom(String prefix) {
        return events().stream().filter(e -> e.getLoggerName().startsWith(prefix)).map(LogCapture::line).toList();
    }

    /** The formatted messages logged at {@code level}. */
    public List<String> lines(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    private static String line(ILoggingEvent e) {
        return e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
