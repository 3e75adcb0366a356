package dev.dlt4j.progress;

import dev.dlt4j.ProgressCollector;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The built-in progress collectors, for {@link ProgressCollector}'s factories: the collectors
 * themselves stay package-private. Internal: users call {@code ProgressCollector.log()} and its
 * siblings.
 */
public final class Collectors {
    private Collectors() {
    }

    public static ProgressCollector none() {
        return NullCollector.INSTANCE;
    }

    /** Logs at most once per {@code period} (default one second) to {@code sink}, or to SLF4J / stderr. */
    public static ProgressCollector log(Optional<Duration> period, Optional<Consumer<String>> sink) {
        return new LogCollector(period.orElse(LogCollector.DEFAULT_PERIOD), sink.orElseGet(LogCollector::defaultSink));
    }

    /** A redrawn bar when the output is a terminal. */
    public static Optional<ProgressCollector> barOnConsole() {
        return BarCollector.onConsole();
    }
}
