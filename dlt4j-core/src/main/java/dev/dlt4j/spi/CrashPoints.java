package dev.dlt4j.spi;

import java.util.function.Consumer;

/**
 * Named points between the steps of every state transition of the working folder (a package
 * folder renamed, a job file moved, a state file replaced). Production code only announces them;
 * a crash test installs a hook that halts the JVM at one of them, which leaves exactly that
 * intermediate state on disk for the next run to recover from.
 */
public final class CrashPoints {
    /** The hook, installed by tests (see the core test-jar's {@code CrashPointHook}); null: nothing happens. */
    static volatile Consumer<String> hook;

    private CrashPoints() {
    }

    /** Announces that the running transition has reached {@code point}. */
    public static void reached(String point) {
        Consumer<String> h = hook;
        if (h != null) {
            h.accept(point);
        }
    }
}
