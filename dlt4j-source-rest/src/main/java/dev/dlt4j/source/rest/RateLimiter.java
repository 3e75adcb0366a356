package dev.dlt4j.source.rest;

import java.util.concurrent.TimeUnit;

/**
 * Spaces requests evenly: at most {@code perSecond} start in any second, over all threads of one
 * source (parallel children share it). Each caller reserves the next free slot and sleeps until it.
 * Thread-safe.
 */
final class RateLimiter {
    private final long intervalNanos;
    private long nextSlot = Long.MIN_VALUE;

    RateLimiter(double perSecond) {
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
    }

    /** Blocks until this caller may send. */
    void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = nextSlot == Long.MIN_VALUE ? now : Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
