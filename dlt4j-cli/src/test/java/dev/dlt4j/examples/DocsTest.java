package dev.dlt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java examples of {@code docs/*.md} (but architecture.md, which {@code ArchitectureDocTest}
 * checks, and spark.md, which dlt4j-spark's {@code SparkDocTest} checks) are pieces of {@link DocsExamples}, so they compile; those that load into a pipeline run
 * here against a DuckDB file in a temp dir and do what their page says.
 */
class DocsTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Path EXAMPLES = Path.of("src", "test", "java", "dev", "dlt4j", "examples",
            "DocsExamples.java");

    @TempDir
    Path tmp;

    private Pipeline pipeline(String name) {
        return Pipeline.builder(name).destination("duckdb:" + tmp.resolve(name + ".duckdb")).dataset(name + "_data")
                .pipelinesDir(tmp.resolve("pipelines")).build();
    }

    @Test
    void everyJavaExampleOfTheDocsIsCompiledCode() throws IOException {
        Map<String, String> compiled = new java.util.LinkedHashMap<>(DocBlocks.markedExamples(Files.readString(EXAMPLES)));
        try (Stream<Path> s = Files.list(EXAMPLES.getParent())) {   // a page's own examples: <Page>DocExamples.java
            for (Path f : s.filter(f -> f.toString().endsWith("DocExamples.java")).sorted().toList()) {
                compiled.putAll(DocBlocks.markedExamples(Files.readString(f)));
            }
        }
        List<String> all = new ArrayList<>();
        List<Path> pages;
        try (Stream<Path> s = Files.list(DOCS)) {
            // spark.md's examples need Spark, which is not on this class path: dlt4j-spark's SparkDocTest checks them
            pages = s.filter(p -> p.toString().endsWith(".md") && !p.endsWith("architecture.md")
                    && !p.endsWith("spark.md")).sorted().toList();
        }
        for (Path page : pages) {
            List<String> blocks = DocBlocks.javaBlocks(Files.readString(page));
            assertThat(compiled.values()).as("Java examples of " + page + " (each must be a marked block of "
                    + EXAMPLES + ")").containsAll(blocks);
            all.addAll(blocks);
        }
        assertThat(all).as("every marked example of " + EXAMPLES + " is on a page").containsAll(compiled.values());
    }

    @Test
    void typedPagesAndRecordsLoadTheTableMapsWouldGive() throws SQLException {
        Pipeline typed = pipeline("typed");
        DocsExamples.typedPath(typed);
        Pipeline maps = pipeline("maps");
        maps.run(Resource.of("payments", List.of(payment(1, "ada", "12.50", "paid_at", "2024-05-01T10:00:00Z"),
                payment(2, null, "3.10", "paid_at", "2024-05-02T11:30:00Z"))));
        maps.run(Resource.of("payments", List.of(payment(3, "bob", "7.00", "paidAt", "2024-05-03T09:00:00Z"))));
        String columns = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'payments'"
                + " ORDER BY ordinal_position";
        assertThat(lines(typed, columns)).containsExactly("id BIGINT", "customer VARCHAR", "amount DECIMAL(38,9)",
                "paid_at TIMESTAMP WITH TIME ZONE", "_dlt_load_id VARCHAR", "_dlt_id VARCHAR")
                .isEqualTo(lines(maps, columns));
        String rows = "SELECT id, customer, CAST(amount AS VARCHAR), CAST(paid_at AS VARCHAR), _dlt_id IS NOT NULL"
                + " FROM %s.payments ORDER BY id";
        assertThat(lines(typed, rows.formatted("typed_data"))).hasSize(3)
                .isEqualTo(lines(maps, rows.formatted("maps_data"))).first().asString().startsWith("1 ada 12.5");
    }

    /** A payment of the typed path example as a map, its keys in the page's order. */
    private static Map<String, Object> payment(long id, String customer, String amount, String paidAtKey,
            String paidAt) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", id);
        m.put("customer", customer);
        m.put("amount", new java.math.BigDecimal(amount));
        m.put(paidAtKey, Instant.parse(paidAt));
        return m;
    }

    /** The rows of {@code sql} on the pipeline's DuckDB file, each as its values joined by spaces. */
    private List<String> lines(Pipeline p, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve(p.name() + ".duckdb"));
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
                out.add(String.join(" ", values));
            }
        }
        return out;
    }

    @Test
    void metricsCountRowsPerStepAndTableAndTimeEachStep() {
        Pipeline.Builder shop = Pipeline.builder("shop").destination("duckdb:" + tmp.resolve("shop.duckdb"))
                .dataset("shop_data").pipelinesDir(tmp.resolve("pipelines"));
        var registry = DocsExamples.metrics(shop, Resource.of("orders", List.of(Map.of("id", 1), Map.of("id", 2))));

        assertThat(registry.get("dlt4j.rows").tags("step", "normalize", "table", "orders").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("dlt4j.step.duration").tags("step", "load", "outcome", "success").timer().count())
                .isEqualTo(1);
    }

    @Test
    void stepsFilterAPageMapAndFlatMapItsRows() {
        Pipeline p = pipeline("steps");
        p.run(new DocsExamples().steps());

        // orders 1 and 3 are paid (order 2 is "test"): their three lines are the rows
        assertThat(p.rowCounts().orElseThrow()).containsEntry("orders", 3L);
    }

    @Test
    void aTransformerIsForkedItsParentsItemsAndItsParentRunsUnwrittenWhenLeftOut() {
        Pipeline p = pipeline("transformers");
        new DocsExamples().transformers(p);

        assertThat(p.rowCounts().orElseThrow()).containsEntry("users", 3L).containsEntry("details", 6L);
    }

    @Test
    void theFrozenResourceRefusesItsNewTable() {
        Pipeline p = pipeline("frozen");
        Resource orders = Resource.of("orders", List.of(Map.of("id", 1)));

        assertThatThrownBy(() -> p.run(DocsExamples.contracts(List.of(Map.of("id", 1)), orders)))
                .hasMessageContaining("Table users").hasMessageContaining("tables: freeze");
    }

    @Test
    void theSourcesContractDropsTheValueOfANewColumnOfItsOtherResource() throws Exception {
        Pipeline p = pipeline("discard");
        p.run(DocsExamples.contracts(List.of(), Resource.of("orders", List.of(Map.of("id", 1)))));
        p.run(DocsExamples.contracts(List.of(), Resource.of("orders", List.of(Map.of("id", 2, "note", "x")))));

        assertThat(p.rowCounts().orElseThrow()).containsEntry("orders", 2L);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("discard.duckdb"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.columns"
                        + " WHERE table_schema = 'discard_data' AND table_name = 'orders' AND column_name = 'note'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("columns named note").isZero();
        }
    }

    @Test
    void theColumnHintsMergeByIdKeepingTheLatestRow() throws SQLException {
        Pipeline p = pipeline("hints");
        List<Map<String, Object>> rows = List.of(
                row(1, "old@example.com", "2024-01-01T00:00:00Z"),
                row(1, "new@example.com", "2024-02-01T00:00:00Z"),
                row(2, "two@example.com", "2024-01-15T00:00:00Z"));
        p.run(DocsExamples.columnHints(rows));

        assertThat(p.rowCounts().orElseThrow()).containsEntry("users", 2L);
        assertThat(query(tmp.resolve("hints.duckdb"), "SELECT email FROM hints_data.users WHERE id = 1"))
                .as("dedup_sort desc on updated_at keeps the latest row of id 1").isEqualTo("new@example.com");
        assertThat(query(tmp.resolve("hints.duckdb"), "SELECT data_type FROM information_schema.columns"
                + " WHERE table_schema = 'hints_data' AND table_name = 'users' AND column_name = 'score'"))
                .isEqualTo("DOUBLE");
    }

    /** The first value of the first row of {@code sql} on the DuckDB file {@code db}. */
    private static String query(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    private static Map<String, Object> row(int id, String email, String updatedAt) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("email", email);
        row.put("updated_at", updatedAt);
        row.put("deleted", false);
        row.put("score", 1.5);
        return row;
    }

    @Test
    void theTraceOfTheLastRunIsPrinted() {
        Pipeline p = pipeline("traced");
        p.run(Resource.of("events", List.of(Map.of("id", 1))));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            DocsExamples.trace(p);
        } finally {
            System.setOut(old);
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("traced").contains("load");
    }

    @Test
    void aResourcesStateIsReadOnTheNextRun() {
        Pipeline p = pipeline("stateful");
        Instant before = Instant.now();
        p.run(Source.of("github", new DocsExamples().state()));
        p.run(Source.of("github", new DocsExamples().state()));

        Object since = p.state().resourceState("github", "issues").get("since");
        assertThat(Instant.parse((String) since)).isAfterOrEqualTo(before);
        assertThat(p.rowCounts().orElseThrow()).containsEntry("issues", 2L);
    }

    /** Counts its runs in its state: a run that did not continue writes run 1 again. */
    private static Resource counter() {
        return Resource.of("issues", ctx -> {
            int run = ((Number) ctx.state().getOrDefault("runs", 0)).intValue() + 1;
            ctx.writeState(Map.of("runs", run));
            return List.of(Map.of("run", run));
        });
    }

    @Test
    void aRunWithoutWorkingFolderRestoresTheStateAndARefreshResetsIt() {
        Path db = tmp.resolve("github.duckdb");
        Path pipelines = tmp.resolve("pipelines");
        Pipeline first = new DocsExamples().restore(db, pipelines, counter());
        first.run(Source.of("github", counter()));
        dev.dlt4j.storage.PipelineStorage.deleteTree(first.workingDir());

        Pipeline restored = new DocsExamples().restore(db, pipelines, counter());
        assertThat(restored.state().resourceState("github", "issues")).containsEntry("runs", 3);
        assertThat(restored.rowCounts().orElseThrow()).containsEntry("issues", 3L);

        new DocsExamples().refresh(restored, counter());
        assertThat(restored.state().resourceState("github", "issues")).containsEntry("runs", 1);
        assertThat(restored.rowCounts().orElseThrow()).containsEntry("issues", 1L);
    }

    @Test
    void theLoadedOrdersAreReadBack() {
        Pipeline p = pipeline("readback");
        p.run(Resource.of("orders", List.of(Map.of("id", 1, "total", 19.9), Map.of("id", 2, "total", 5.0))));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Object> result;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            result = DocsExamples.dataset(p);
        } finally {
            System.setOut(old);
        }

        assertThat(out.toString(StandardCharsets.UTF_8).lines().sorted().toList()).containsExactly("1 19.9", "2 5.0");
        assertThat(result.get(0)).isEqualTo(List.of(Map.of("id", 1L, "total", 19.9), Map.of("id", 2L, "total", 5.0)));
        assertThat((Map<String, Long>) result.get(1)).containsEntry("orders", 2L).containsEntry("_dlt_loads", 1L);
    }
}
