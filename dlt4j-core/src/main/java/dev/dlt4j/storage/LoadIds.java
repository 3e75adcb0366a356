package dev.dlt4j.storage;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load ids: the Unix time in seconds with microseconds, as a decimal string
 * ({@code 1714512345.123456}), strictly increasing within the process so that packages sort in
 * creation order.
 */
public final class LoadIds {
    private static final AtomicLong LAST = new AtomicLong();

    private LoadIds() {
    }

    public static String next() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        long id = LAST.updateAndGet(prev -> Math.max(prev + 1, micros));
        return String.format("%d.%06d", id / 1_000_000L, id % 1_000_000L);
    }

    /** The creation time encoded in a load id. */
    public static Instant toInstant(String loadId) {
        int dot = loadId.indexOf('.');
        long s = Long.parseLong(dot < 0 ? loadId : loadId.substring(0, dot));
        long micros = dot < 0 ? 0 : Long.parseLong((loadId.substring(dot + 1) + "000000").substring(0, 6));
        return Instant.ofEpochSecond(s, micros * 1000);
    }
}
