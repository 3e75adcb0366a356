package dev.dlt4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario variant, on a few rows, in this JVM: it loads the tables and row counts it promises. */
class ScenariosTest {
    private static final long ROWS = 2_500;

    @TempDir
    Path tmp;

    private static boolean postgresReachable() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", 5432), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static Stream<String> variants() {
        return Stream.of(Scenario.values()).flatMap(s -> s.variants(ROWS).stream()).map(Variant::id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void variantLoadsTheTablesAndRowCountsItPromises(String id) throws Exception {
        Variant v = Scenario.variant(id, ROWS);
        assumeTrue(ScenarioRun.supported(v), "needs Resource.parallelized()");
        if (v.postgres()) {
            assumeTrue(postgresReachable() || System.getenv("DLT4J_REQUIRE_POSTGRES") != null,
                    "no PostgreSQL server at " + v.destination());
        }

        ScenarioRun.Result r = ScenarioRun.run(v, tmp);

        assertThat(r.tables()).isEqualTo(v.expectedTables());
        if (!v.postgres()) {
            Map<String, Long> inDuckDb = counts(tmp.resolve("bench.duckdb"));
            assertThat(inDuckDb).isEqualTo(v.expectedTables());
        }
        assertThat(r.tables().values().stream().mapToLong(Long::longValue).sum()).isPositive();
        assertThat(r.extractSeconds()).isPositive();
        assertThat(r.normalizeSeconds()).isPositive();
        assertThat(r.loadSeconds()).isPositive();
        assertThat(r.peakHeapBytes()).isPositive();
    }

    @Test
    void standardScenariosHaveTheSizesAndVariantsOfTheIssue() {
        assertThat(Scenario.FLAT_PAGES.defaultRows()).isEqualTo(1_000_000);
        assertThat(Scenario.NESTED_PAGES.defaultRows()).isEqualTo(200_000);
        assertThat(Scenario.PARALLEL.variants(1_000_000)).extracting(Variant::id).containsExactly(
                "parallel/fifo", "parallel/round_robin", "parallel/parallelized",
                "parallel/fifo+10ms", "parallel/round_robin+10ms", "parallel/parallelized+10ms");
        assertThat(Scenario.KNOBS.variants(1_000_000)).extracting(Variant::id).containsExactly(
                "knobs/defaults", "knobs/buffer_max_items=100", "knobs/buffer_max_items=100000",
                "knobs/normalize_workers=2", "knobs/compression=off");
        Variant parallel = Scenario.variant("parallel/fifo", 1_000_000);
        assertThat(parallel.expectedTables()).containsOnly(Map.entry("flat_0", 250_000L),
                Map.entry("flat_1", 250_000L), Map.entry("flat_2", 250_000L), Map.entry("flat_3", 250_000L));
    }

    @Test
    void nestedRowsUnnestIntoLabelsAndAssignees() throws Exception {
        ScenarioRun.run(Scenario.variant("nested-pages", 10), tmp);

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("bench.duckdb"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT i.user__login, i.reactions__x1, l.name FROM bench_data.issues i"
                        + " JOIN bench_data.issues__labels l ON l._dlt_parent_id = i._dlt_id WHERE i.id = 7"
                        + " ORDER BY l._dlt_list_idx")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("user7");
            assertThat(rs.getLong(2)).isEqualTo(0L); // 7 % 7
            assertThat(rs.getString(3)).isEqualTo("enhancement"); // LABELS[(7 + 0) % 6]
        }
    }

    @Test
    void unknownScenarioNamesTheChoices() {
        assertThatThrownBy(() -> Scenario.named("flat-page"))
                .hasMessage("unknown benchmark scenario 'flat-page'; choose from flat-rows, flat-pages, flat-records,"
                        + " flat-typed, nested-pages, parallel, knobs, formats, postgres, ceiling, files");
    }

    private static Map<String, Long> counts(Path db) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name, estimated_size FROM duckdb_tables()"
                        + " WHERE schema_name = 'bench_data' AND table_name NOT LIKE '\\_dlt%' ESCAPE '\\'"
                        + " ORDER BY table_name")) {
            while (rs.next()) {
                try (Statement s2 = c.createStatement();
                        ResultSet n = s2.executeQuery("SELECT count(*) FROM bench_data.\"" + rs.getString(1) + "\"")) {
                    n.next();
                    out.put(rs.getString(1), n.getLong(1));
                }
            }
        }
        return out;
    }
}
