package dev.dlt4j.extract;

import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import dev.dlt4j.log.Logs;

/**
 * Turns SIGINT (Ctrl-C) into a clean stop of the extracts running in this JVM: while at least one
 * runs, our handler replaces the previous one and cancels them; when the last ends, the previous
 * handler is restored. Where signals cannot be handled (no {@code sun.misc.Signal}, or a JVM run
 * with {@code -Xrs}) extraction runs without the guard and Ctrl-C keeps its default effect; the
 * extracted package is then left in a temp folder that the next run deletes.
 */
final class SigintGuard implements AutoCloseable {
    private static final Logger LOG = Logs.get(SigintGuard.class);
    private static final Set<Runnable> ACTIVE = new LinkedHashSet<>();
    private static Object previous;

    private final Runnable onInterrupt;

    private SigintGuard(Runnable onInterrupt) {
        this.onInterrupt = onInterrupt;
    }

    static SigintGuard install(Runnable onInterrupt) {
        synchronized (ACTIVE) {
            if (ACTIVE.isEmpty()) {
                try {
                    previous = sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> interruptAll());
                } catch (RuntimeException | LinkageError e) {
                    LOG.debug("SIGINT cannot be handled here; Ctrl-C keeps its default effect", e);
                    previous = null;
                }
            }
            ACTIVE.add(onInterrupt);
        }
        return new SigintGuard(onInterrupt);
    }

    private static void interruptAll() {
        Runnable[] targets;
        synchronized (ACTIVE) {
            targets = ACTIVE.toArray(new Runnable[0]);
        }
        LOG.warn("SIGINT received: stopping extraction; nothing of the running extract is kept");
        for (Runnable r : targets) {
            r.run();
        }
    }

    @Override
    public void close() {
        synchronized (ACTIVE) {
            ACTIVE.remove(onInterrupt);
            if (ACTIVE.isEmpty() && previous != null) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal("INT"), (sun.misc.SignalHandler) previous);
                } catch (RuntimeException e) {
                    LOG.debug("could not restore the previous SIGINT handler", e);
                }
                previous = null;
            }
        }
    }
}
