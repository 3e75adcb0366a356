package dev.dlt4j.cli;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.bench.DemoData;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.duckdb.DuckDbDestination;
import dev.dlt4j.filesystem.FilesystemDestination;
import dev.dlt4j.postgres.PostgresDestination;
import dev.dlt4j.WriteDisposition;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
            description = "Where to load: duckdb, duckdb:///path/x.duckdb, postgres,"
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
        DestinationContext context = new DestinationContext(pipeline.name(), DATASET, pipeline.workingDir(),
                Paths.get("").toAbsolutePath(), pipeline.config());
        out.println("Rows in " + dest.type() + " " + dest.displayLocation(context) + " (dataset " + DATASET + "):");
        printCounts(out, dest, context);
        out.flush();
        return 0;
    }

    /** Counts rows the way the destination stores them: SQL for databases, DuckDB over the files of a lake. */
    private static void printCounts(PrintWriter out, Destination dest, DestinationContext context) {
        try {
            if (dest instanceof DuckDbDestination duck) {
                try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duck.databaseFile(context))) {
                    printSqlCounts(out, c);
                }
            } else if (dest instanceof PostgresDestination pg) {
                try (Connection c = pg.connect(context)) {
                    printSqlCounts(out, c);
                }
            } else if (dest instanceof FilesystemDestination fs) {
                printFileCounts(out, fs.bucket(context).resolve(DATASET));
            } else {
                out.println("  (no row counter for destination type " + dest.type() + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count rows in " + dest.displayLocation(context) + ": " + e.getMessage(),
                    e);
        }
    }

    private static void printSqlCounts(PrintWriter out, Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet tables = st.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = '" + DATASET + "' ORDER BY table_name")) {
            while (tables.next()) {
                names.add(tables.getString(1));
            }
        }
        for (String t : names) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM " + DATASET + ".\"" + t + "\"")) {
                rs.next();
                out.printf("  %-30s %,d%n", t, rs.getLong(1));
            }
        }
    }

    /** One folder per table (the default layout); DuckDB reads and counts each folder's files. */
    private static void printFileCounts(PrintWriter out, Path dataset) throws SQLException {
        List<Path> folders;
        try (Stream<Path> s = Files.list(dataset)) {
            folders = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataset, e);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            for (Path folder : folders) {
                String glob = folder.toAbsolutePath().toString().replace("'", "''") + "/**/*";
                String name;
                try (Stream<Path> files = Files.walk(folder)) {
                    name = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).findFirst()
                            .orElse("");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + folder, e);
                }
                if (name.isEmpty()) {
                    continue;
                }
                String reader = name.endsWith(".parquet") ? "read_parquet('" + glob + "', union_by_name = true)"
                        : name.matches(".*\\.csv(\\.gz)?") ? "read_csv('" + glob + "', header = true,"
                                + " union_by_name = true, all_varchar = true)"
                        : "read_json('" + glob + "', format = 'newline_delimited', union_by_name = true)";
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + reader)) {
                    rs.next();
                    out.printf("  %-30s %,d%n", folder.getFileName(), rs.getLong(1));
                }
            }
        }
    }
}
