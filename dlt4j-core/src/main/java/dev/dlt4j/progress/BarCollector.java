package dev.dlt4j.progress;

import dev.dlt4j.ProgressCollector;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
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
    private static final int BAR_CELLS = 24;

    private final PrintWriter out;
    private final int columns;
    private StageCounters stage;
    private long lastDrawNanos;
    private SystemStats lastStats;

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
    }

    private void draw(boolean last) {
        SystemStats now = SystemStats.sample();
        String line = render(stage, now, lastStats, last);
        if (line.length() > columns - 1) {
            line = line.substring(0, columns - 1);
        }
        out.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
        out.flush();
        lastDrawNanos = now.wallNanos();
        lastStats = now;
    }

    static String render(StageCounters stage, SystemStats now, SystemStats previous, boolean last) {
        StageCounters.Counter main = null;
        for (StageCounters.Counter c : stage.counters()) {
            if (c.total >= 0) {
                main = c;
                break;
            }
        }
        double fraction = main == null ? (last ? 1 : 0)
                : main.total == 0 ? 1 : Math.min(1.0, (double) main.count / main.total);
        int filled = (int) Math.round(fraction * BAR_CELLS);
        double secs = (now.wallNanos() - stage.startNanos) / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(stage.title).append(" [").append("#".repeat(filled)).append("-".repeat(BAR_CELLS - filled))
                .append(String.format(Locale.ROOT, "] %3.0f%%", fraction * 100));
        for (StageCounters.Counter c : stage.counters()) {
            sb.append(" | ").append(c.name).append(' ').append(c.count);
            if (c.total >= 0) {
                sb.append('/').append(c.total);
            } else if (secs > 0) {
                sb.append(String.format(Locale.ROOT, " (%.0f/s)", c.count / secs));
            }
        }
        sb.append(String.format(Locale.ROOT, " | %.1fs", secs));
        var cpu = now.cpuPercentSince(previous);
        if (cpu.isPresent()) {
            sb.append(String.format(Locale.ROOT, " | CPU %.0f%%", cpu.getAsDouble()));
        }
        sb.append(String.format(Locale.ROOT, " | heap %.0f/%.0f MB", StageCounters.mb(now.heapUsed()),
                StageCounters.mb(now.heapCommitted())));
        if (now.rssBytes().isPresent()) {
            sb.append(String.format(Locale.ROOT, " | RSS %.0f MB", StageCounters.mb(now.rssBytes().getAsLong())));
        }
        return sb.toString();
    }
}
