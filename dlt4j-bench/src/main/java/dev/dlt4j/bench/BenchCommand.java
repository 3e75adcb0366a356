package dev.dlt4j.bench;

import dev.dlt4j.cli.Main;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlt4j bench}: runs the end-to-end benchmark scenarios, each in a fresh JVM, against the
 * ceiling (DuckDB ingesting the same rows from a finished file) measured in the same invocation.
 *
 * <p>It lives here, not in the command line module, so that the CLI never depends on the
 * benchmark: the {@code dlt4j} launcher script runs {@link #main} with this module's jar next to
 * the CLI's jar on the class path (the forked scenario JVMs inherit that class path).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark extract, normalize and load into DuckDB against DuckDB's",
            "own ingest of the same rows (the ceiling).",
            "Scenarios (all but formats, postgres, files, flat-records and flat-typed when",
            "none is named):",
            "  flat-rows     1M FLAT rows, one row per item",
            "  flat-pages    1M FLAT rows in pages of 1,000",
            "  flat-records  1M FLAT rows as Java records, one per item (typed path)",
            "  flat-typed    1M FLAT rows as typed ColumnPages of 1,000 (typed path)",
            "  nested-pages  200k NESTED issues in pages of 1,000 (3 tables)",
            "  parallel      4 resources: fifo, round_robin, parallelized; 0 or 10 ms/page",
            "  knobs         flat-pages, buffer_max_items 100/100000, normalize workers=2,",
            "                compression off",
            "  formats       flat-pages as jsonl/csv/insert_values/parquet, jsonl/csv with",
            "                plain job files (+plain); nested-pages, normalize workers 1, 2",
            "  postgres      flat-pages into PostgreSQL through COPY ($DLT4J_BENCH_POSTGRES,",
            "                default postgresql://postgres@127.0.0.1:5432/test), with and",
            "                without create_indexes",
            "  ceiling       DuckDB alone: read_parquet/_csv/_json of FLAT and NESTED rows",
            "  files         FLAT rows in 8 jsonl.gz and 8 csv files through the filesystem",
            "                source; ceiling: DuckDB's read_json/read_csv of the same files",
            "  sql           (only when named, alone) a 1M-row, 10-column table from PostgreSQL",
            "                and MariaDB into DuckDB with SqlSource, against COPY/INTO OUTFILE",
            "                plus DuckDB read_csv of the export",
            "  startup       (alone) wall time of dlt4j --help and pipeline list, plain and",
            "                as ./dlt4j starts them (class-data archive, C1 only)",
            "  spark         (only when named, alone) the sql table (2M rows) copied in one JVM",
            "                and split into 8 ranges on Spark local[1] and local[2]"},
        footer = {"Each run is a fresh JVM with this JVM's heap and -XX options (the launcher's",
            "-Xmx512m -XX:+UseSerialGC -XX:CompileThresholdScaling=4, or DLT4J_JAVA_OPTS);",
            "it reports wall and CPU seconds.",
            "A name with a slash runs one variant: formats/flat/csv.",
            "Progress goes to stderr, results to stdout.",
            "Example: dlt4j bench flat-pages nested-pages --repeat 3"})
public final class BenchCommand implements Callable<Integer> {
    /** Runs {@code dlt4j bench} with the given arguments and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line of {@code dlt4j bench}, with dlt4j's one-line errors (for tests and {@link #main}). */
    public static CommandLine commandLine() {
        return Main.withOneLineErrors(new CommandLine(new BenchCommand()).setCommandName("dlt4j bench"));
    }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "SCENARIO", description = "flat-rows, flat-pages, flat-records, flat-typed,"
            + " nested-pages, parallel,"
            + " knobs, formats, postgres, ceiling, files (default: all but formats, postgres and files);"
            + " sql alone.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--rows", description = "Rows per scenario instead of its standard size (1M; nested-pages 200k).")
    Long rows;

    @Option(names = "--repeat", defaultValue = "3", description = "Runs per scenario (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", description = "Print one JSON object per scenario (variant) and line instead of tables.")
    boolean json;

    @Option(names = "--work-dir",
            description = "Put working files here (default: a temp folder, deleted); each run's folder goes after it.")
    Path workDir;

    @Option(names = "--jfr", paramLabel = "DIR", description = "Record a JFR profile of every run into DIR.")
    Path jfrDir;

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "Extra option for the forked JVMs, e.g. -Xmx512m"
            + " (repeatable).")
    List<String> jvmArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (scenarios.equals(List.of("startup"))) {
            return StartupBench.run(repeat, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        if (scenarios.contains("spark")) {
            if (scenarios.size() > 1) {
                throw new IllegalArgumentException("scenario spark runs alone: dlt4j bench spark [--rows N] [--repeat N]");
            }
            Path dir = workDir != null ? workDir : tempDir();
            try {
                return SparkBench.run(rows == null ? 2_000_000 : rows, repeat, dir, spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            } catch (Exception e) {
                throw new IllegalStateException("bench spark failed: " + e.getMessage(), e);
            } finally {
                if (workDir == null) {
                    deleteTree(dir);
                }
            }
        }
        if (scenarios.contains("sql")) {
            if (scenarios.size() > 1) {
                throw new IllegalArgumentException(
                        "scenario sql runs alone: dlt4j bench sql [--rows N] [--repeat N] [--jfr DIR]");
            }
            Path dir = workDir != null ? workDir : tempDir();
            try {
                return SqlBench.run(rows == null ? 1_000_000 : rows, repeat, dir, jvmArgs, Optional.ofNullable(jfrDir),
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            } finally {
                if (workDir == null) {
                    deleteTree(dir);
                }
            }
        }
        Bench.Options options = new Bench.Options(scenarios,
                rows == null ? OptionalLong.empty() : OptionalLong.of(rows), repeat, json,
                Optional.ofNullable(workDir), Optional.ofNullable(jfrDir), jvmArgs);
        return Bench.run(options, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private static Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("dlt4j-bench-sql-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp folder left behind is not worth failing the benchmark for
        }
    }
}
