package dev.dlt4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.dlt4j.log.LogLevelControl;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code [runtime] log_level} take effect in the command line: sets the level of the
 * {@code dev.dlt4j} loggers in Logback when a pipeline is built (dlt's names map to Logback's:
 * CRITICAL and ERROR to ERROR, WARNING to WARN). Found by {@code ServiceLoader}; does nothing when
 * another SLF4J backend is bound.
 */
public final class LogbackLevels implements LogLevelControl {
    @Override
    public void setLevel(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("dev.dlt4j").setLevel(switch (level) {
                case "CRITICAL", "ERROR" -> Level.ERROR;
                case "INFO" -> Level.INFO;
                case "DEBUG" -> Level.DEBUG;
                default -> Level.WARN;
            });
        }
    }
}
