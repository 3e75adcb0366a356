package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlt4j ingest ... --spark local[2]}: a PostgreSQL table split into key ranges and a folder
 * of files split by files load the same tables, columns and rows as the same ingest without
 * {@code --spark}; bad input is refused with one line. Spark (provided scope) is on this test class
 * path; each split ingest starts and stops its own local session in this JVM, as the command does.
 */
class SparkcliIngestTest {
    static final String PG = "postgresql://postgres@127.0.0.1:5432/test";
    static final String PG_JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    /** Spark in tests: no web UI, the loopback address. */
    static final List<String> CONF = List.of("--spark-conf", "spark.ui.enabled=false",
            "--spark-conf", "spark.driver.host=127.0.0.1");
    /** dlt's per-run columns: new ids and load id each run. */
    static final Set<String> PER_RUN = Set.of("_dlt_load_id", "_dlt_id", "_dlt_parent_id");

    @TempDir
    Path tmp;

    @BeforeAll
    static void tables() throws SQLException {
        exec("DROP SCHEMA IF EXISTS sparkcli CASCADE", "CREATE SCHEMA sparkcli",
                "CREATE TABLE sparkcli.orders (id int PRIMARY KEY, total numeric(10,2), note text, created timestamptz)",
                "INSERT INTO sparkcli.orders SELECT g, g * 1.25, CASE WHEN g % 7 = 0 THEN NULL ELSE 'n' || g END,"
                        + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute'"
                        + " FROM generate_series(1, 3000) g",
                "CREATE TABLE sparkcli.customers (id int PRIMARY KEY, name text)",
                "INSERT INTO sparkcli.customers SELECT g, 'c' || g FROM generate_series(1, 40) g",
                "CREATE TABLE sparkcli.notes (body text)", // no key: read whole by one partition
                "INSERT INTO sparkcli.notes SELECT 'note ' || g FROM generate_series(1, 7) g");
    }

    @AfterAll
    static void dropTables() throws SQLException {
        exec("DROP SCHEMA IF EXISTS sparkcli CASCADE");
    }

    static void exec(String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_JDBC); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private IngestRun ingest(String... args) {
        return IngestRun.ingest(tmp.resolve("pipelines"), args);
    }

    private static String[] plus(List<String> extra, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(extra);
        return all.toArray(String[]::new);
    }

    /**
     * Every table of the dataset but dlt's bookkeeping: its columns in order with their types, and
     * its rows sorted (without the per-run columns).
     */
    private static Map<String, List<String>> tables(Path duckdb, String dataset) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdb); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + dataset + "' AND table_name NOT LIKE '\\_dlt%' ESCAPE '\\' ORDER BY table_name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String t : names) {
                List<String> columns = new ArrayList<>();
                List<String> kept = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT column_name, data_type, is_nullable FROM"
                        + " information_schema.columns WHERE table_schema = '" + dataset + "' AND table_name = '" + t
                        + "' ORDER BY ordinal_position")) {
                    while (rs.next()) {
                        columns.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                        if (!PER_RUN.contains(rs.getString(1))) {
                            kept.add('"' + rs.getString(1) + '"');
                        }
                    }
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", kept) + " FROM " + dataset + "."
                        + t + " ORDER BY ALL")) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= kept.size(); i++) {
                            row.append(rs.getObject(i)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                out.put(t + " columns", columns);
                out.put(t + " rows", rows);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + dataset + "._dlt_loads")) {
                rs.next();
                out.put("_dlt_loads", List.of(String.valueOf(rs.getLong(1))));
            }
        }
        return out;
    }

    @Test
    void postgresTablesSplitIntoKeyRangesLoadTheSameTablesAsOneJvm() throws SQLException {
        Path one = tmp.resolve("one.duckdb");
        Path split = tmp.resolve("split.duckdb");
        String[] tables = {"--table", "sparkcli.orders", "--table", "sparkcli.customers", "--table", "sparkcli.notes"};
        IngestRun single = ingest(plus(List.of(tables), "--source", PG, "--dest", "duckdb:" + one, "--dataset", "shop",
                "--pipeline", "sparkcli_pg_one"));
        assertThat(single.code()).as(single.err()).isZero();
        List<String> extra = new ArrayList<>(List.of(tables));
        extra.addAll(CONF);
        IngestRun spark = ingest(plus(extra, "--source", PG, "--dest", "duckdb:" + split, "--dataset", "shop",
                "--pipeline", "sparkcli_pg_spark", "--spark", "local[2]", "--partitions", "4"));
        assertThat(spark.code()).as(spark.err()).isZero();

        Map<String, List<String>> expected = tables(one, "shop");
        assertThat(expected.get("orders rows")).hasSize(3000);
        assertThat(expected.get("customers rows")).hasSize(40);
        assertThat(expected.get("notes rows")).hasSize(7);
        assertThat(tables(split, "shop")).isEqualTo(expected);
        assertThat(expected.get("_dlt_loads")).containsExactly("1");
        // the summary of a normal ingest, after the line that says how it ran
        assertThat(spark.out()).containsPattern("(?m)^Spark local\\[2\\]: \\d+ partitions of sql_database extracted"
                        + " and normalized by Spark tasks, loaded by this JVM$")
                .contains("Pipeline sparkcli_pg_spark: rows in duckdb").containsPattern("(?m)^\\s+orders\\s+3,000$")
                .contains("Inspect it with: dlt4j pipeline sparkcli_pg_spark info");
        assertThat(single.out()).doesNotContain("Spark").containsPattern("(?m)^\\s+orders\\s+3,000$");

        // the summary's times: extract and normalize are the Spark stage's (wall time, from the partitions)
        java.util.regex.Matcher times = java.util.regex.Pattern.compile(
                "time: extract (\\d+\\.\\d\\d) s, normalize (\\d+\\.\\d\\d) s, load (\\d+\\.\\d\\d) s")
                .matcher(spark.out());
        assertThat(times.find()).as(spark.out()).isTrue();
        for (int stage = 1; stage <= 3; stage++) {
            assertThat(Double.parseDouble(times.group(stage))).as(times.group()).isPositive();
        }

        // the pipeline is inspected as any other: the trace has the partitions' extract and normalize, then
        // the load on this JVM, and info the rows the run loaded, as the destination holds them
        Map<String, String> inspected = new LinkedHashMap<>();
        for (String command : List.of("info", "trace")) {
            StringWriter out = new StringWriter();
            int code = Main.commandLine().setOut(new PrintWriter(out)).execute("pipeline", "--pipelines-dir",
                    tmp.resolve("pipelines").toString(), "sparkcli_pg_spark", command);
            assertThat(code).as(command).isZero();
            inspected.put(command, out.toString());
        }
        assertThat(inspected.get("info")).contains("Dataset: shop").containsPattern("(?m)^\\s+orders\\s+\\d+\\s+3,000$")
                .containsPattern("(?m)^\\s+customers\\s+\\d+\\s+40$").containsPattern("(?m)^\\s+notes\\s+\\d+\\s+7$")
                .contains("COMPLETED with 3 step(s)");
        String trace = inspected.get("trace");
        assertThat(trace).contains("Step extract COMPLETED", "Step normalize COMPLETED", "Step load COMPLETED",
                "partitions (Spark tasks; the attempt committed of each):");
        // rows per table in both the extract and the normalize step: what was loaded
        for (String step : List.of("extract", "normalize")) {
            String block = trace.substring(trace.indexOf("Step " + step), trace.indexOf("Step ",
                    trace.indexOf("Step " + step) + 1));
            assertThat(block).as(step).contains("    - orders: 3000 row(s)", "    - customers: 40 row(s)",
                    "    - notes: 7 row(s)");
        }
    }

    @Test
    void aFolderOfFilesSplitByFilesLoadsTheSameTablesAsOneJvm() throws IOException, SQLException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int f = 0; f < 6; f++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                int id = f * 5 + i;
                lines.append("{\"id\": ").append(id).append(", \"file\": \"f").append(f).append('"')
                        .append(id % 4 == 0 ? ", \"tags\": [\"a\", \"b" + id + "\"]" : "")
                        .append(f == 4 ? ", \"late\": " + id * 0.5 : "").append("}\n");
            }
            Files.writeString(in.resolve("part-" + f + ".jsonl"), lines);
        }
        String glob = "file://" + in + "/*.jsonl";
        Path one = tmp.resolve("one.duckdb");
        Path split = tmp.resolve("split.duckdb");
        Path shared = tmp.resolve("shared");
        IngestRun single = ingest("--source", glob, "--table", "events", "--dest", "duckdb:" + one, "--dataset", "raw",
                "--pipeline", "sparkcli_files_one");
        assertThat(single.code()).as(single.err()).isZero();
        // default partitions: twice local[2]'s two cores
        IngestRun spark = ingest(plus(CONF, "--source", glob, "--table", "events", "--dest", "duckdb:" + split,
                "--dataset", "raw", "--pipeline", "sparkcli_files_spark", "--spark", "local[2]",
                "--shared-dir", shared.toString(), "--spark-conf", "spark.local.dir=" + tmp.resolve("spark-local")));
        assertThat(spark.code()).as(spark.err()).isZero();

        Map<String, List<String>> expected = tables(one, "raw");
        assertThat(expected).containsKeys("events rows", "events__tags rows");
        assertThat(expected.get("events rows")).hasSize(30);
        assertThat(tables(split, "raw")).isEqualTo(expected);
        assertThat(spark.out()).contains("Spark local[2]: 4 partitions of filesystem extracted and normalized by"
                        + " Spark tasks, loaded by this JVM")
                .containsPattern("(?m)^\\s+events\\s+30$");
        // the partitions' packages went to --shared-dir, and were deleted there once loaded
        assertThat(shared).isDirectory().isEmptyDirectory();
        // --spark-conf reached the session: Spark made its scratch folders in spark.local.dir
        assertThat(tmp.resolve("spark-local")).isDirectory();
    }

    @Test
    void badSparkInputIsRefusedWithOneLineBeforeAnythingLoads() {
        String dest = "duckdb:" + tmp.resolve("bad.duckdb");
        String glob = "file://" + tmp + "/none/*.jsonl";

        IngestRun zero = ingest("--source", glob, "--dest", dest, "--dataset", "raw", "--spark", "local[2]",
                "--partitions", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--partitions 0 is not valid; allowed: 1 or more");

        IngestRun withoutSpark = ingest("--source", glob, "--dest", dest, "--dataset", "raw", "--partitions", "4",
                "--shared-dir", tmp.toString());
        assertThat(withoutSpark.code()).isEqualTo(2);
        assertThat(withoutSpark.err()).contains("--partitions, --shared-dir only apply with --spark MASTER");

        IngestRun unsplittable = ingest("--source", "sparkcli-numbers:5", "--dest", dest, "--dataset", "raw",
                "--spark", "local[2]");
        assertThat(unsplittable.code()).isEqualTo(2);
        assertThat(unsplittable.err()).contains("--spark cannot split a sparkcli_numbers source (sparkcli-numbers:5);"
                + " source types that split: filesystem, sql_database");

        IngestRun badMaster = ingest(plus(CONF, "--source", glob, "--allow-empty", "--dest", dest, "--dataset", "raw",
                "--spark", "local[two]"));
        assertThat(badMaster.code()).as(badMaster.err()).isEqualTo(2);
        assertThat(badMaster.err()).contains("--spark 'local[two]' is not a master Spark takes (Could not parse"
                + " Master URL: 'local[two]'); allowed: " + SparkIngest.MASTERS);
        assertThat(tmp.resolve("bad.duckdb")).doesNotExist();
    }

    /**
     * The dlt4j jar without Spark (the launcher without SPARK_HOME, {@code java -jar}): this test's
     * class path minus Spark's jars, in a class loader of its own; {@code --spark} fails with exit 1
     * and one line saying what is missing and how to fix it, and loads nothing.
     */
    @Test
    void withoutSparkOnTheClassPathSparkFailsWithOneLineAndTheFix() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath()) {
            if (!entry.replace('\\', '/').contains("/org/apache/spark/")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader bare = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThat(bare.getResource("org/apache/spark/sql/SparkSession.class")).as("Spark hidden").isNull();
        }
        IngestRun run = isolated(urls, "nospark.duckdb");
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("dlt4j: --spark needs Apache Spark 4.0 on the class path, and"
                + " org.apache.spark.sql.SparkSession is not there (the dlt4j jar does not bundle Spark): set SPARK_HOME"
                + " to a Spark 4.0 installation and run ./dlt4j again (it adds $SPARK_HOME/jars), or run the jar with"
                + " spark-submit --class dev.dlt4j.cli.Main dlt4j-cli-all.jar ingest ...");
        assertThat(run.out()).isEmpty();
        assertThat(tmp.resolve("nospark.duckdb")).doesNotExist();
    }

    /**
     * Spark's own jackson-module-scala (Spark 4.0.1's 2.18.2, as in {@code $SPARK_HOME/jars}) ahead of
     * dlt4j's Jackson 2.23: Spark's first job would fail inside Spark; {@code --spark} refuses first,
     * with one line and the fix, before a session starts.
     */
    @Test
    void sparksOwnJacksonScalaModuleAheadOfDlt4jsJacksonFailsWithOneLineAndTheFix() throws Exception {
        Path module = Path.of("target", "spark-jackson", "jackson-module-scala_2.13-2.18.2.jar");
        assertThat(module).as("copied by the pom's spark-own-jackson-module execution").exists();
        List<URL> urls = new ArrayList<>(List.of(module.toAbsolutePath().toUri().toURL()));
        for (String entry : classPath()) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        IngestRun run = isolated(urls, "jackson.duckdb");
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("dlt4j: --spark: Spark's jackson-module-scala does not work with the jackson-databind"
                        + " 2.23.0 of dlt4j (")
                .contains("Scala module 2.18.2 requires Jackson Databind version >= 2.18.0 and < 2.19.0")
                .endsWith("): put the dlt4j jar before Spark's jars on the class path (./dlt4j does; it carries the"
                        + " module of its own Jackson version), or with spark-submit set"
                        + " spark.driver.userClassPathFirst=true");
        assertThat(tmp.resolve("jackson.duckdb")).doesNotExist();
    }

    private static List<String> classPath() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    /** {@code ingest --spark local[2]} of one file, run by {@code Main} loaded from {@code urls} alone. */
    private IngestRun isolated(List<URL> urls, String database) throws Exception {
        Files.createDirectories(tmp.resolve("in"));
        Files.writeString(tmp.resolve("in/a.jsonl"), "{\"id\": 1}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ClassLoader oldContext = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThat(loader.getResource("dev/dlt4j/spark/SparkPipelines.class")).as("dlt4j-spark there").isNotNull();
            Method execute = loader.loadClass("dev.dlt4j.cli.Main").getMethod("execute", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Thread.currentThread().setContextClassLoader(loader);
            int code = (int) execute.invoke(null, (Object) new String[] {"ingest", "--pipelines-dir",
                tmp.resolve("pipelines").toString(), "--source", "file://" + tmp.resolve("in") + "/*.jsonl",
                "--dest", "duckdb:" + tmp.resolve(database), "--dataset", "raw", "--spark", "local[2]"});
            return new IngestRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            Thread.currentThread().setContextClassLoader(oldContext);
        }
    }
}
