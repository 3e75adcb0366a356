package dev.dlt4j.progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The counters of one stage, in the order they were created, and the text forms both collectors
 * print. Not thread-safe: the collectors guard it with their own lock.
 */
final class StageCounters {
    static final int WIDTH = 80;

    final String title;
    final long startNanos;
    final SystemStats startStats;
    private final Map<String, Counter> counters = new LinkedHashMap<>();

    StageCounters(String title) {
        this.title = title;
        this.startStats = SystemStats.sample();
        this.startNanos = startStats.wallNanos();
    }

    static final class Counter {
        final String name;
        long count;
        long total = -1;

        Counter(String name) {
            this.name = name;
        }
    }

    Counter counter(String name) {
        return counters.computeIfAbsent(name, Counter::new);
    }

    List<Counter> counters() {
        return new ArrayList<>(counters.values());
    }

    /** The header line: the title centred in a line of dashes, as dlt prints it. */
    String header() {
        String t = " " + title + " ";
        int pad = Math.max(0, WIDTH - t.length());
        return "-".repeat(pad / 2) + t + "-".repeat(pad - pad / 2);
    }

    /**
     * {@code users: 1200/2400 (50.0%) | Time: 0.50s | Rate: 2400.00/s}; time and rate count from the
     * stage's start (dlt counts from the counter's first update, which makes the first rate absurd).
     */
    String line(Counter c, long now) {
        double secs = Math.max(0, now - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(c.name).append(": ").append(c.count);
        if (c.total >= 0) {
            sb.append('/').append(c.total);
            if (c.total > 0) {
                sb.append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * c.count / c.total));
            }
        }
        sb.append(String.format(Locale.ROOT, " | Time: %.2fs | Rate: %.2f/s", secs, secs > 0 ? c.count / secs : 0.0));
        return sb.toString();
    }

    /** {@code Memory usage: RSS 210.32 MB | Heap used 45.10 MB, committed 128.00 MB | CPU usage: 85.00% | Elapsed: 0.52s}. */
    static String statsLine(SystemStats now, SystemStats previous, long stageStartNanos) {
        StringBuilder sb = new StringBuilder("Memory usage: ");
        if (now.rssBytes().isPresent()) {
            sb.append(String.format(Locale.ROOT, "RSS %.2f MB | ", mb(now.rssBytes().getAsLong())));
        }
        sb.append(String.format(Locale.ROOT, "Heap used %.2f MB, committed %.2f MB", mb(now.heapUsed()),
                mb(now.heapCommitted())));
        var cpu = now.cpuPercentSince(previous);
        sb.append(" | CPU usage: ").append(cpu.isPresent() ? String.format(Locale.ROOT, "%.2f%%", cpu.getAsDouble())
                : "n/a");
        sb.append(String.format(Locale.ROOT, " | Elapsed: %.2fs", (now.wallNanos() - stageStartNanos) / 1e9));
        return sb.toString();
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
