package dev.dlt4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The command line's logging, set up in code (Logback finds it through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}): no XML to parse at start-up.
 * Everything goes to stderr, so stdout carries only a command's output. The root level is WARN, as
 * {@code [runtime] log_level}'s default WARNING; a pipeline built with another level changes the
 * {@code dev.dlt4j} loggers ({@link LogbackLevels}). The progress log ({@code dlt4j.progress})
 * is always at INFO, since {@code progress = "log"} switches it on or off, and prints its blocks
 * bare. {@code -Dlogback.configurationFile=...} replaces all of this with the user's file.
 */
public final class LogbackSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr(context, "stderr", PATTERN));
        Logger progress = context.getLogger("dlt4j.progress");
        progress.setLevel(Level.INFO);
        progress.setAdditive(false);
        progress.addAppender(stderr(context, "progress", "%msg%n"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String name, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
