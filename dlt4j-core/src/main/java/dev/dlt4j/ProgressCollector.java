package dev.dlt4j;

import dev.dlt4j.progress.ProgressListener;
import dev.dlt4j.progress.Collectors;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives the counters of each pipeline stage and shows them: {@link #none()} (the default,
 * prints nothing), {@link #log()} (a text block per stage at most once per period and at its end,
 * with CPU and memory), or {@link #bar()} (a redrawn bar line per stage on a terminal, the log
 * elsewhere). The pipeline calls {@link #begin} and {@link #end} around each stage from its own
 * thread; stages call the {@link ProgressListener} methods in between, from any thread.
 */
public interface ProgressCollector extends ProgressListener {
    /** The names {@link #named} accepts. */
    String ALLOWED = "none, log, bar (aliases of bar: tqdm, enlighten, alive_progress)";

    /** Starts a stage, e.g. {@code Extract github} or {@code Load github in 1712345678.123}. */
    void begin(String title);

    /** Ends the current stage; a log collector prints its last block here. */
    void end();

    /** The configured name: {@code none}, {@code log} or {@code bar}. */
    String name();

    static ProgressCollector none() {
        return Collectors.none();
    }

    /** Logs to the SLF4J logger {@code dlt4j.progress} at INFO, or to stderr when no SLF4J provider is bound. */
    static ProgressCollector log() {
        return Collectors.log(java.util.Optional.empty(), java.util.Optional.empty());
    }

    /** Logs to a stream at most once per {@code period} and at the end of each stage. */
    static ProgressCollector log(Duration period, PrintStream out) {
        Objects.requireNonNull(out, "out");
        return Collectors.log(java.util.Optional.of(period), java.util.Optional.of(block -> {
            out.print(block);
            out.flush();
        }));
    }

    /** Logs every block to {@code sink} (one string per block, lines joined by newlines). */
    static ProgressCollector log(Duration period, Consumer<String> sink) {
        return Collectors.log(java.util.Optional.of(period), java.util.Optional.of(Objects.requireNonNull(sink, "sink")));
    }

    /** A bar per stage redrawn on the terminal; the log collector when the output is not a terminal. */
    static ProgressCollector bar() {
        return Collectors.barOnConsole().orElseGet(ProgressCollector::log);
    }

    /**
     * The collector for a configured name; {@code where} says where the name was set (for the error
     * message), e.g. {@code "PROGRESS environment variable"}.
     *
     * @throws IllegalArgumentException naming the value, where it was set and the allowed values
     */
    static ProgressCollector named(String value, String where) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "none" -> none();
            case "log" -> log();
            case "bar", "tqdm", "enlighten", "alive_progress" -> bar();
            default -> throw new IllegalArgumentException("progress '" + value + "' (set in " + where
                    + ") is not valid; allowed values: " + ALLOWED);
        };
    }
}
