package dev.dlt4j.log;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLoggerFactory;
import org.slf4j.helpers.SubstituteLogger;

/**
 * The loggers of dlt4j's own classes. The library logs through the SLF4J API only and leaves the
 * backend to the application; but an application without any SLF4J provider would lose every
 * message silently (SLF4J then binds its no-op logger), among them the warnings a user must see: a
 * mistyped config key, a capability the destination lacks. So when no provider is bound, a logger
 * from here prints WARN and ERROR to stderr (INFO and DEBUG stay off) and everything else is as
 * SLF4J does it.
 *
 * <p>Call from a static initializer or at first use: the binding is looked up once per logger.
 */
public final class Logs {
    private Logs() {
    }

    /** The logger named after {@code owner}, or a WARN/ERROR-to-stderr logger without SLF4J provider. */
    public static Logger get(Class<?> owner) {
        return get(owner.getName());
    }

    /**
     * As {@link #get(Class)}, for a logger name that is not a class (e.g. {@code dlt4j.progress}).
     * The logger is looked up at its first use, not here: a class that holds one in a static field
     * does not start the logging backend (Logback's start-up is some 200 classes) in a program that
     * never logs, such as {@code dlt4j pipeline list}.
     */
    public static Logger get(String name) {
        return new LazyLogger(name);
    }

    private static Logger resolve(String name) {
        if (noProvider()) {
            return new StderrLogger(name, System.err);
        }
        return LoggerFactory.getLogger(name);
    }

    /** True when SLF4J found no provider and drops every message. */
    public static boolean noProvider() {
        return LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory;
    }

    /** Looks the real logger up on first use; every call goes to it. */
    static final class LazyLogger extends SubstituteLogger {
        private static final long serialVersionUID = 1L;
        private transient volatile Logger resolved;

        LazyLogger(String name) {
            super(name, null, true);
        }

        @Override
        public Logger delegate() {
            Logger l = resolved;
            if (l == null) {
                l = resolve(getName());
                resolved = l;
            }
            return l;
        }
    }

    /** WARN and ERROR to a stream, one line each ({@code dlt4j WARN Name: message}); nothing else. */
    static final class StderrLogger extends AbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient PrintStream out;

        StderrLogger(String name, PrintStream out) {
            this.name = name;
            this.out = out;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
            synchronized (out) {
                out.println("dlt4j " + level + " " + shortName + ": " + message);
                if (throwable != null) {
                    throwable.printStackTrace(out);
                }
                out.flush();
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return true;
        }
    }
}
