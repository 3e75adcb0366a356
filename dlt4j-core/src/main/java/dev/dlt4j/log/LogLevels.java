package dev.dlt4j.log;

import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Applies {@code [runtime] log_level} through every {@link LogLevelControl} on the class path;
 * without one (a library user with their own logging set-up) the backend's configuration rules.
 */
public final class LogLevels {
    private static volatile List<LogLevelControl> controls;

    private LogLevels() {
    }

    /** Sets {@code level} (a valid {@code log_level}, any case) in every registered backend. */
    public static void apply(String level) {
        String upper = level.toUpperCase(Locale.ROOT);
        for (LogLevelControl c : controls()) {
            c.setLevel(upper);
        }
    }

    private static List<LogLevelControl> controls() {
        List<LogLevelControl> c = controls;
        if (c == null) {
            c = ServiceLoader.load(LogLevelControl.class, LogLevels.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get).toList();
            controls = c;
        }
        return c;
    }
}
