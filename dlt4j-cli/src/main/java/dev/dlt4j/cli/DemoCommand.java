package dev.dlt4j.cli;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.bench.DemoData;
import dev.dlt4j.destination.Destination;
import dev.dlt4j.schema.WriteDisposition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlt4j demo}: loads generated issues of a code-hosting site (nested users, labels,
 * assignees, reactions) into {@code demo.duckdb}, prints the load info and the rows per table as
 * the database counts them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Load generated, nested issue data into demo.duckdb (pipeline demo, dataset demo_data).")
final class DemoCommand implements Callable<Integer> {
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

    @Option(names = "--database", defaultValue = "demo.duckdb",
            description = "The DuckDB file to load into (default ${DEFAULT-VALUE} in the working directory).")
    Path database;

    @Override
    public Integer call() {
        if (rows < 0 || pageSize < 1) {
            throw new IllegalArgumentException("--rows must be 0 or more and --page-size at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path db = database.toAbsolutePath();
        Pipeline.Builder b = Pipeline.builder("demo")
                .destination(Destination.named("duckdb:" + db))
                .dataset("demo_data");
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
        out.println("Rows in " + db + " (dataset demo_data):");
        printCounts(out, db);
        out.flush();
        return 0;
    }

    private static void printCounts(PrintWriter out, Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
                Statement st = c.createStatement();
                ResultSet tables = st.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'demo_data' ORDER BY table_name")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            for (String t : names) {
                try (Statement s2 = c.createStatement();
                        ResultSet rs = s2.executeQuery("SELECT count(*) FROM demo_data.\"" + t + "\"")) {
                    rs.next();
                    out.printf("  %-30s %,d%n", t, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count rows in " + db + ": " + e.getMessage(), e);
        }
    }
}
