package dev.dlt4j.cli;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.examples.DemoData;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.WriteDisposition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlt4j demo}: loads generated issues of a code-hosting site (nested users, labels,
 * assignees, reactions) into {@code demo.duckdb} or any destination given by name or URI, prints
 * the load info and the rows per table as the destination counts them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Load generated, nested issue data (pipeline demo, dataset demo_data) into demo.duckdb"
                + " or the destination given with --destination.")
final class DemoCommand implements Callable<Integer> {
    private static final String DATASET = "demo_data";

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "10000", description = "Issues to generate (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--replace", description = "Replace the tables instead of appending to them.")
    boolean replace;

    @Option(names = "--page-size", defaultValue = "1000", description = "Rows per page (default ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--pipelines-dir", description = "Where pipeline working folders live (default ~/.dlt4j/pipelines).")
    Path pipelinesDir;

    @Option(names = "--database",
            description = "The DuckDB file to load into (default demo.duckdb in the working directory).")
    Path database;

    @Option(names = {"-d", "--destination"}, paramLabel = "NAME|URI",
            description = "Where to load: duckdb, duckdb:/path/x.duckdb, postgres,"
                    + " postgresql://user:password@host:5432/db, filesystem, file:///path/to/lake"
                    + " (default: duckdb into --database).")
    String destination;

    @Override
    public Integer call() {
        if (rows < 0 || pageSize < 1) {
            throw new IllegalArgumentException("--rows must be 0 or more and --page-size at least 1");
        }
        if (destination != null && database != null) {
            throw new IllegalArgumentException("--database names a DuckDB file and --destination a destination;"
                    + " give one of them (e.g. --destination duckdb://" + database.toAbsolutePath() + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        Destination dest = destination != null ? Destination.named(destination)
                : Destination.named("duckdb:" + (database != null ? database : Paths.get("demo.duckdb"))
                        .toAbsolutePath());
        Pipeline.Builder b = Pipeline.builder("demo").destination(dest).dataset(DATASET);
        if (pipelinesDir != null) {
            b.pipelinesDir(pipelinesDir);
        }
        Pipeline pipeline = b.build();
        Resource issues = Resource.fromIterator("issues", () -> DemoData.pages(rows, pageSize, DemoData::issue))
                .primaryKey("id")
                .writeDisposition(replace ? WriteDisposition.REPLACE : WriteDisposition.APPEND);
        LoadInfo info = pipeline.run(issues);
        out.println(info);
        out.println();
        out.println("Rows in " + dest.type() + " " + pipeline.destinationLocation() + " (dataset " + DATASET + "):");
        printCounts(out, pipeline);
        out.flush();
        return 0;
    }

    /** The rows per table as the destination counts them ({@link Pipeline#rowCounts}), whatever its type. */
    private static void printCounts(PrintWriter out, Pipeline pipeline) {
        pipeline.rowCounts().ifPresentOrElse(
                counts -> counts.forEach((table, rows) -> out.printf("  %-30s %,d%n", table, rows)),
                () -> out.println("  (destination type " + pipeline.destination().type() + " does not count rows)"));
    }
}
