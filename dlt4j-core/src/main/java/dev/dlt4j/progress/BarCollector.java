package dev.dlt4j.progress;

import dev.dlt4j.ProgressCollector;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Draws one line per stage on the terminal and redraws it in place ({@code \r} and erase to end
 * of line) at most every {@link #REDRAW_NANOS}, plus once when the stage starts and once when it
 * ends, after which the line stays. The bar fills with the first counter that has a total
 * ({@code Resources}, {@code Files}, {@code Jobs}); the other counters follow as text.
 */
final class BarCollector implements ProgressCollector {
    static final long REDRAW_NANOS = 100_000_000L;
    /** With no update for this long, the ticker redraws (time, CPU and memory keep moving). */
    static final long TICK_NANOS = 500_000_000L;
    private static final int BAR_CELLS = 24;
    private static final int BLOCK = 4;
    static final String ROWS = "Rows";
    static final String BYTES = "Bytes";

    private final PrintWriter out;
    private final int columns;
    private StageCounters stage;
    private long lastDrawNanos;
    private SystemStats lastStats;
    private java.util.concurrent.ScheduledExecutorService ticker;
    private java.util.concurrent.ScheduledFuture<?> ticking;

    BarCollector(PrintWriter out, int columns) {
        this.out = out;
        this.columns = columns;
    }

    /** A bar on the console when standard input and output are a terminal. */
    static Optional<ProgressCollector> onConsole() {
        Console console = System.console();
        if (console == null || !isTerminal(console) || "dumb".equals(System.getenv("TERM"))) {
            return Optional.empty();
        }
        return Optional.of(new BarCollector(console.writer(), terminalColumns()));
    }

    /** {@code COLUMNS}, else what {@code stty size} says about the terminal, else 120. */
    static int terminalColumns() {
        try {
            String c = System.getenv("COLUMNS");
            if (c != null && !c.isBlank()) {
                return Math.max(40, Integer.parseInt(c.trim()));
            }
        } catch (NumberFormatException ignored) {
            // fall through to stty
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] size = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .trim().split("\\s+");
            if (p.waitFor() == 0 && size.length == 2 && Integer.parseInt(size[1]) >= 40) {
                return Integer.parseInt(size[1]);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no stty or no terminal size: the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 120;
    }

    /** Java 22+ returns a console even when redirected; {@code isTerminal()} tells the truth there. */
    private static boolean isTerminal(Console console) {
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public String name() {
        return "bar";
    }

    @Override
    public synchronized void begin(String title) {
        stage = new StageCounters(title);
        lastStats = stage.startStats;
        draw(false);
        if (ticker == null) {
            ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dlt4j-progress-bar");
                t.setDaemon(true);
                return t;
            });
        }
        ticking = ticker.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS / 2,
                java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void update(String counter, long increment) {
        if (stage == null) {
            return;
        }
        stage.counter(counter).count += increment;
        if (System.nanoTime() - lastDrawNanos >= REDRAW_NANOS) {
            draw(false);
        }
    }

    @Override
    public synchronized void total(String counter, long total) {
        if (stage == null) {
            return;
        }
        stage.counter(counter).total = total;
    }

    @Override
    public synchronized void end() {
        if (stage == null) {
            return;
        }
        draw(true);
        stage = null;
        if (ticking != null) {
            ticking.cancel(false);
        }
    }

    private void draw(boolean last) {
        SystemStats now = SystemStats.sample();
        String line = render(stage, now, lastStats, last, columns);
        out.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
        out.flush();
        lastDrawNanos = now.wallNanos();
        lastStats = now;
    }

    /** Redraws while a stage runs, so time, CPU and memory move even while no counter does (a long job). */
    private synchronized void tick() {
        if (stage != null && System.nanoTime() - lastDrawNanos >= TICK_NANOS) {
            draw(false);
        }
    }

    /** As {@link #render(StageCounters, SystemStats, SystemStats, boolean, int)} without a width limit. */
    static String render(StageCounters stage, SystemStats now, SystemStats previous, boolean last) {
        return render(stage, now, previous, last, Integer.MAX_VALUE);
    }

    /**
     * One bar line, at most {@code columns - 1} characters. The bar fills with the finest counter that
     * has a total: {@code Bytes} (of the job files loading), else {@code Rows} (of the files
     * normalizing), else the first ({@code Resources}, {@code Files}, {@code Jobs}); when that is at 0%
     * while rows move (one resource whose size nobody knows), a block moves along the bar instead.
     * What does not fit is left out from the end: RSS, heap, CPU, then the tables beyond the first
     * ones (summed as {@code +N tables}), then rows and bytes; the title is cut last.
     */
    static String render(StageCounters stage, SystemStats now, SystemStats previous, boolean last, int columns) {
        List<StageCounters.Counter> counters = stage.counters();
        StageCounters.Counter main = null;
        for (String preferred : List.of(BYTES, ROWS)) {
            for (StageCounters.Counter c : counters) {
                if (main == null && c.name.equals(preferred) && c.total > 0) {
                    main = c;
                }
            }
        }
        for (StageCounters.Counter c : counters) {
            if (main == null && c.total >= 0) {
                main = c;
            }
        }
        double fraction = main == null ? (last ? 1 : 0)
                : main.total == 0 ? 1 : Math.min(1.0, (double) main.count / main.total);
        if (last && main != null && (main.name.equals(BYTES) || main.name.equals(ROWS))) {
            fraction = Math.max(fraction, 1.0); // a stage that ended is done, whatever a job reported
        }
        double secs = (now.wallNanos() - stage.startNanos) / 1e9;
        boolean moving = !last && fraction == 0 && counters.stream().anyMatch(c -> c.total < 0 && c.count > 0);
        StringBuilder head = new StringBuilder(stage.title).append(" [");
        if (moving) {
            int span = BAR_CELLS - BLOCK;
            int step = (int) (secs * 4) % (2 * span);
            int pos = step <= span ? step : 2 * span - step;
            head.append("-".repeat(pos)).append("#".repeat(BLOCK)).append("-".repeat(span - pos)).append("]  ...");
        } else {
            int filled = (int) Math.round(fraction * BAR_CELLS);
            head.append("#".repeat(filled)).append("-".repeat(BAR_CELLS - filled))
                    .append(String.format(Locale.ROOT, "] %3.0f%%", fraction * 100));
        }
        List<String> mains = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        List<StageCounters.Counter> tables = new ArrayList<>();
        for (StageCounters.Counter c : counters) {
            if (c.name.equals(BYTES)) {
                sizes.add(size(c.count) + (c.total >= 0 ? "/" + size(c.total) : ""));
            } else if (c.name.equals(ROWS)) {
                sizes.add("rows " + c.count + (c.total >= 0 ? "/" + c.total : ""));
            } else if (c.total >= 0 || c.name.startsWith("Jobs")) {
                mains.add(c.name + " " + c.count + (c.total >= 0 ? "/" + c.total : ""));
            } else {
                tables.add(c);
            }
        }
        String time = String.format(Locale.ROOT, "%.1fs", secs);
        List<String> stats = new ArrayList<>();
        var cpu = now.cpuPercentSince(previous);
        if (cpu.isPresent()) {
            stats.add(String.format(Locale.ROOT, "CPU %.0f%%", cpu.getAsDouble()));
        }
        stats.add(String.format(Locale.ROOT, "heap %.0f/%.0f MB", StageCounters.mb(now.heapUsed()),
                StageCounters.mb(now.heapCommitted())));
        if (now.rssBytes().isPresent()) {
            stats.add(String.format(Locale.ROOT, "RSS %.0f MB", StageCounters.mb(now.rssBytes().getAsLong())));
        }
        int limit = Math.max(20, columns == Integer.MAX_VALUE ? Integer.MAX_VALUE : columns - 1);
        int shownTables = tables.size();
        while (true) {
            String line = join(head.toString(), mains, sizes, tables, shownTables, secs, time, stats);
            if (line.length() <= limit) {
                return line;
            }
            if (!stats.isEmpty()) {
                stats.remove(stats.size() - 1);
            } else if (shownTables > 0) {
                shownTables--;
            } else if (!sizes.isEmpty()) {
                sizes.remove(sizes.size() - 1);
            } else {
                return line.substring(0, limit);
            }
        }
    }

    private static String join(String head, List<String> mains, List<String> sizes,
            List<StageCounters.Counter> tables, int shownTables, double secs, String time, List<String> stats) {
        StringBuilder sb = new StringBuilder(head);
        mains.forEach(m -> sb.append(" | ").append(m));
        sizes.forEach(m -> sb.append(" | ").append(m));
        for (int i = 0; i < shownTables; i++) {
            StageCounters.Counter c = tables.get(i);
            sb.append(" | ").append(c.name).append(' ').append(c.count);
            if (secs > 0) {
                sb.append(String.format(Locale.ROOT, " (%.0f/s)", c.count / secs));
            }
        }
        if (shownTables < tables.size()) {
            long rest = 0;
            for (int i = shownTables; i < tables.size(); i++) {
                rest += tables.get(i).count;
            }
            sb.append(" | +").append(tables.size() - shownTables).append(shownTables == 0 ? " tables " : " more ")
                    .append(rest);
        }
        sb.append(" | ").append(time);
        stats.forEach(m -> sb.append(" | ").append(m));
        return sb.toString();
    }

    /** {@code 512 B}, {@code 12.3 KB}, {@code 1.5 MB}, {@code 2.0 GB} (binary units). */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
