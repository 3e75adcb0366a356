package dev.dlt4j.spi;

import java.util.concurrent.atomic.AtomicInteger;

/** Installs the {@link CrashPoints} hook in a test JVM: it dies like a SIGKILL at one named point. */
public final class CrashPointHook {
    /** The exit status of a JVM halted at a crash point, the one SIGKILL gives (128 + 9). */
    public static final int HALTED = 137;

    private CrashPointHook() {
    }

    /**
     * Halts the JVM the {@code nth} time (1-based) {@code point} is reached: no finally block, no
     * shutdown hook and no buffered stream runs, as with {@code kill -9}.
     */
    public static void haltAt(String point, int nth) {
        AtomicInteger seen = new AtomicInteger();
        CrashPoints.hook = p -> {
            if (p.equals(point) && seen.incrementAndGet() == nth) {
                Runtime.getRuntime().halt(HALTED);
            }
        };
    }

    /**
     * Throws {@link Crash} the {@code nth} time {@code point} is reached, for a test that stops a
     * run in its own JVM (only {@code catch (RuntimeException)} blocks are skipped, unlike a kill).
     */
    public static void throwAt(String point, int nth) {
        AtomicInteger seen = new AtomicInteger();
        CrashPoints.hook = p -> {
            if (p.equals(point) && seen.incrementAndGet() == nth) {
                throw new Crash(point);
            }
        };
    }

    /** The run stopped at a crash point. */
    public static final class Crash extends Error {
        Crash(String point) {
            super("stopped at crash point " + point);
        }
    }

    /** Records every point reached, in order, into {@code sink} (to list the points a run passes). */
    public static void record(java.util.List<String> sink) {
        CrashPoints.hook = sink::add;
    }

    /**
     * Calls {@code listener} at every point reached, on the thread that reaches it: a test that
     * coordinates two stages (latches) or injects a failure at one point uses it.
     */
    public static void on(java.util.function.Consumer<String> listener) {
        CrashPoints.hook = listener;
    }

    public static void clear() {
        CrashPoints.hook = null;
    }
}
