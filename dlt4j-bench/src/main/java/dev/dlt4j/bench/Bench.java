package dev.dlt4j.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark: runs scenarios, each {@code repeat} times in a fresh JVM forked with
 * this JVM's class path, measures DuckDB's own ingest of the same rows (the ceiling) in the same
 * invocation, and prints per-stage seconds and rows/s, peak heap and RSS and the ratio to the
 * ceiling, as a table or as one JSON object per line.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * What to run. {@code rows} overrides every scenario's standard size; {@code workDir} keeps the
     * working files (default: a temp folder, deleted); {@code jfrDir} records a JFR profile per run.
     */
    public record Options(List<String> scenarios, OptionalLong rows, int repeat, boolean json,
            Optional<Path> workDir, Optional<Path> jfrDir, List<String> jvmArgs) {
        public Options {
            scenarios = List.copyOf(scenarios);
            jvmArgs = List.copyOf(jvmArgs);
            Objects.requireNonNull(rows, "rows");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(jfrDir, "jfrDir");
            if (repeat < 1) {
                throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
            }
            if (rows.isPresent() && rows.getAsLong() < 1) {
                throw new IllegalArgumentException("--rows must be at least 1, got " + rows.getAsLong());
            }
            scenarios.forEach(n -> Scenario.named(n.contains("/") ? n.substring(0, n.indexOf('/')) : n));
        }

        /** All scenarios at their standard sizes, 3 runs each, as a table. */
        public static Options defaults() {
            return new Options(List.of(), OptionalLong.empty(), 3, false, Optional.empty(), Optional.empty(),
                    List.of());
        }
    }

    /** The scenario names, in the order {@code dlt4j bench} runs them when none is named. */
    public static List<String> scenarioNames() {
        return Stream.of(Scenario.values()).map(Scenario::cliName).toList();
    }

    /** One line per scenario: name, standard size and what it measures. */
    public static List<String> scenarioDescriptions() {
        return Stream.of(Scenario.values())
                .map(s -> String.format(java.util.Locale.ROOT, "%-13s %s", s.cliName(), s.description())).toList();
    }

    /**
     * Runs the benchmark; results go to {@code out}, progress to {@code err}. Returns 0, or throws
     * when a run fails (with the forked JVM's error output in the message).
     */
    public static int run(Options options, PrintWriter out, PrintWriter err) {
        return new BenchRunner(options, out, err).run();
    }
}
