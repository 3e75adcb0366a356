package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.SchemaContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema contracts ({@code tables}, {@code columns}, {@code data_type}; evolve, freeze,
 * discard_row, discard_value) set on resources and sources, loaded into DuckDB and read back.
 */
class SchemaContractLoadTest {
    @TempDir
    Path tmp;

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static SchemaContract contract(String entity, String mode) {
        return SchemaContract.parse(Map.of(entity, mode));
    }

    private Path db(String name) {
        return tmp.resolve(name + ".duckdb");
    }

    private static Resource users(Map<String, Object>... rows) {
        return Resource.of("users", List.of(rows));
    }

    /** A pipeline whose {@code users} table has seen data ({@code id}, {@code name}, {@code amount}). */
    private Pipeline withUsers(String name) {
        Pipeline p = pipeline(tmp, name).build();
        p.run(Source.of("shop", users(row("id", 1, "name", "ann", "amount", 10))));
        return p;
    }

    private long extractedPackages(Pipeline p) throws IOException {
        try (Stream<Path> s = Files.list(p.workingDir().resolve("normalize/extracted"))) {
            return s.count();
        }
    }

    // --- columns -----------------------------------------------------------------------------

    @Test
    void columnsFreezeFailsOnANewColumnNamingTableColumnAndValueAndSetsThePackageAside() throws IOException {
        Pipeline p = withUsers("cfreeze");
        assertThatThrownBy(() -> p.run(Source.of("shop",
                users(row("id", 2, "name", "bob", "email", "bob@example.com")).schemaContract(
                        SchemaContract.parse("freeze")))))
                .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.stage()).isEqualTo("normalize"))
                .hasMessageContaining("stage normalize")
                .hasMessageContaining("Table users, column email")
                .hasMessageContaining("columns: freeze")
                .hasMessageContaining("bob@example.com");
        // the same data would fail the same way on every run: the package is set aside, not retried
        assertThat(extractedPackages(p)).isZero();
        assertThat(p.workingDir().resolve("load/loaded")).isDirectoryContaining(
                d -> new dev.dlt4j.storage.LoadPackage(d).completedState().equals("aborted"));
        assertThat(query(db("cfreeze"), "SELECT id FROM cfreeze_data.users")).containsExactly(row("id", 1L));
        assertThat(columnTypes(db("cfreeze"), "cfreeze_data", "users")).doesNotContainKey("email");
    }

    @Test
    void columnsDiscardValueLoadsTheRowWithoutTheNewColumn() {
        Pipeline p = withUsers("cvalue");
        p.run(Source.of("shop", users(row("id", 2, "name", "bob", "email", "bob@example.com"),
                row("id", 3, "name", "cy")).schemaContract(contract("columns", "discard_value"))));
        assertThat(query(db("cvalue"), "SELECT id, name FROM cvalue_data.users ORDER BY id"))
                .containsExactly(row("id", 1L, "name", "ann"), row("id", 2L, "name", "bob"), row("id", 3L, "name", "cy"));
        assertThat(columnTypes(db("cvalue"), "cvalue_data", "users")).doesNotContainKey("email");
    }

    @Test
    void columnsDiscardRowDropsOnlyTheRowsWithANewColumn() {
        Pipeline p = withUsers("crow");
        p.run(Source.of("shop", users(row("id", 2, "name", "bob", "email", "bob@example.com"),
                row("id", 3, "name", "cy"), row("id", 4, "profile", row("city", "Oslo")))
                .schemaContract(contract("columns", "discard_row"))));
        assertThat(query(db("crow"), "SELECT id, name FROM crow_data.users ORDER BY id"))
                .containsExactly(row("id", 1L, "name", "ann"), row("id", 3L, "name", "cy"));
        assertThat(columnTypes(db("crow"), "crow_data", "users")).doesNotContainKeys("email", "profile__city");
    }

    @Test
    void columnsEvolveAddsTheNewColumn() {
        Pipeline p = withUsers("cevolve");
        p.run(Source.of("shop", users(row("id", 2, "email", "bob@example.com"))
                .schemaContract(contract("columns", "evolve"))));
        assertThat(query(db("cevolve"), "SELECT id, email FROM cevolve_data.users ORDER BY id"))
                .containsExactly(row("id", 1L, "email", null), row("id", 2L, "email", "bob@example.com"));
    }

    @Test
    void aNewTableEvolvesItsColumnsThroughoutItsFirstLoadThenFreezes() {
        Pipeline p = pipeline(tmp, "once").build();
        SchemaContract frozenColumns = contract("columns", "freeze");
        p.run(Source.of("shop", users(row("id", 1), row("id", 2, "name", "bob"), row("id", 3, "tags", List.of("x")))
                .schemaContract(frozenColumns)));
        assertThat(query(db("once"), "SELECT id, name FROM once_data.users ORDER BY id"))
                .containsExactly(row("id", 1L, "name", null), row("id", 2L, "name", "bob"), row("id", 3L, "name", null));
        assertThat(count(db("once"), "once_data.users__tags")).isEqualTo(1);
        assertThatThrownBy(() -> p.run(Source.of("shop", users(row("id", 4, "late", true))
                .schemaContract(frozenColumns))))
                .hasMessageContaining("Table users, column late").hasMessageContaining("true");
    }

    @Test
    void dltColumnsAreAlwaysAllowed() {
        Pipeline p = withUsers("dltcols");
        p.run(Source.of("shop", users(row("id", 2, "_dlt_source", "crm")).schemaContract(SchemaContract.parse("freeze"))));
        assertThat(query(db("dltcols"), "SELECT id, _dlt_source FROM dltcols_data.users WHERE id = 2"))
                .containsExactly(row("id", 2L, "_dlt_source", "crm"));
    }

    // --- data_type ---------------------------------------------------------------------------

    @Test
    void dataTypeFreezeFailsOnAValueThatNeedsAVariantColumn() {
        Pipeline p = withUsers("dfreeze");
        assertThatThrownBy(() -> p.run(Source.of("shop", users(row("id", 2, "amount", "lots"))
                .schemaContract(contract("data_type", "freeze")))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("stage normalize")
                .hasMessageContaining("Table users, column amount")
                .hasMessageContaining("data_type: freeze")
                .hasMessageContaining("amount__v_text")
                .hasMessageContaining("lots");
        assertThat(count(db("dfreeze"), "dfreeze_data.users")).isEqualTo(1);
    }

    @Test
    void dataTypeDiscardValueLoadsTheRowWithoutTheValue() {
        Pipeline p = withUsers("dvalue");
        p.run(Source.of("shop", users(row("id", 2, "name", "bob", "amount", "lots"), row("id", 3, "amount", 30))
                .schemaContract(contract("data_type", "discard_value"))));
        assertThat(query(db("dvalue"), "SELECT id, name, amount FROM dvalue_data.users ORDER BY id"))
                .containsExactly(row("id", 1L, "name", "ann", "amount", 10L), row("id", 2L, "name", "bob", "amount", null),
                        row("id", 3L, "name", null, "amount", 30L));
        assertThat(columnTypes(db("dvalue"), "dvalue_data", "users")).doesNotContainKey("amount__v_text");
    }

    @Test
    void dataTypeDiscardRowDropsTheRow() {
        Pipeline p = withUsers("drow");
        p.run(Source.of("shop", users(row("id", 2, "name", "bob", "amount", "lots"), row("id", 3, "amount", 30))
                .schemaContract(contract("data_type", "discard_row"))));
        assertThat(query(db("drow"), "SELECT id FROM drow_data.users ORDER BY id"))
                .containsExactly(row("id", 1L), row("id", 3L));
        assertThat(columnTypes(db("drow"), "drow_data", "users")).doesNotContainKey("amount__v_text");
    }

    @Test
    void dataTypeEvolveCreatesAVariantColumn() {
        Pipeline p = withUsers("devolve");
        p.run(Source.of("shop", users(row("id", 2, "amount", "lots")).schemaContract(contract("data_type", "evolve"))));
        assertThat(query(db("devolve"), "SELECT id, amount, amount__v_text FROM devolve_data.users ORDER BY id"))
                .containsExactly(row("id", 1L, "amount", 10L, "amount__v_text", null),
                        row("id", 2L, "amount", null, "amount__v_text", "lots"));
    }

    @Test
    void dataTypeContractHoldsInTheFirstLoadOfANewTable() {
        Pipeline p = pipeline(tmp, "dfirst").build();
        p.run(Source.of("shop", users(row("id", 1, "amount", 10), row("id", 2, "amount", "x"), row("id", 3, "amount", 3))
                .schemaContract(contract("data_type", "discard_row"))));
        assertThat(query(db("dfirst"), "SELECT id, amount FROM dfirst_data.users ORDER BY id"))
                .containsExactly(row("id", 1L, "amount", 10L), row("id", 3L, "amount", 3L));
    }

    // --- tables ------------------------------------------------------------------------------

    @Test
    void tablesFreezeRejectsANewTableButLoadsIntoExistingOnes() {
        Pipeline p = withUsers("tfreeze");
        assertThatThrownBy(() -> p.run(Source.of("shop", users(row("id", 2, "name", "bob")),
                Resource.of("orders", List.of(row("id", 7, "total", 9.5)))).schemaContract(contract("tables", "freeze"))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("stage normalize")
                .hasMessageContaining("Table orders")
                .hasMessageContaining("tables: freeze")
                .hasMessageContaining("9.5");
        // the failed package is retried first by the next run; with the contract it fails again
        assertThat(count(db("tfreeze"), "tfreeze_data.users")).isEqualTo(1);
        assertThat(columnTypes(db("tfreeze"), "tfreeze_data", "orders")).isEmpty();
    }

    @Test
    void tablesFreezeAcceptsRowsOfATableThatHasSeenData() {
        Pipeline p = withUsers("tseen");
        p.run(Source.of("shop", users(row("id", 2, "name", "bob"))).schemaContract(SchemaContract.parse("freeze")));
        assertThat(query(db("tseen"), "SELECT id, name FROM tseen_data.users ORDER BY id"))
                .containsExactly(row("id", 1L, "name", "ann"), row("id", 2L, "name", "bob"));
    }

    @Test
    void tablesDiscardRowDropsRowsOfANewTableAndItsChildren() {
        Pipeline p = withUsers("trow");
        p.run(Source.of("shop", users(row("id", 2, "name", "bob")),
                Resource.of("orders", List.of(row("id", 7, "lines", List.of(row("sku", "a"))))))
                .schemaContract(contract("tables", "discard_row")));
        assertThat(count(db("trow"), "trow_data.users")).isEqualTo(2);
        assertThat(columnTypes(db("trow"), "trow_data", "orders")).isEmpty();
        assertThat(columnTypes(db("trow"), "trow_data", "orders__lines")).isEmpty();
    }

    @Test
    void tablesDiscardValueOnANewChildTableKeepsTheParentRow() {
        Pipeline p = withUsers("tchild");
        p.run(Source.of("shop", users(row("id", 2, "name", "bob", "phones", List.of("1", "2"))))
                .schemaContract(contract("tables", "discard_value")));
        assertThat(query(db("tchild"), "SELECT id, name FROM tchild_data.users ORDER BY id"))
                .containsExactly(row("id", 1L, "name", "ann"), row("id", 2L, "name", "bob"));
        assertThat(columnTypes(db("tchild"), "tchild_data", "users__phones")).isEmpty();
    }

    @Test
    void tablesEvolveCreatesNewTables() {
        Pipeline p = withUsers("tevolve");
        p.run(Source.of("shop", users(row("id", 2, "phones", List.of("1"))),
                Resource.of("orders", List.of(row("id", 7)))).schemaContract(contract("tables", "evolve")));
        assertThat(count(db("tevolve"), "tevolve_data.orders")).isEqualTo(1);
        assertThat(count(db("tevolve"), "tevolve_data.users__phones")).isEqualTo(1);
    }

    // --- nested rows -------------------------------------------------------------------------

    @Test
    void discardRowOnAChildTableDropsTheChildRowNotItsParent() {
        Pipeline p = pipeline(tmp, "nested").build();
        p.run(Source.of("shop", Resource.of("orders", List.of(row("id", 1, "lines", List.of(row("sku", "a", "qty", 1)))))));
        p.run(Source.of("shop", Resource.of("orders", List.of(
                row("id", 2, "lines", List.of(row("sku", "b", "qty", 2), row("sku", "c", "qty", 3, "note", "gift"))),
                row("id", 3, "coupon", "X", "lines", List.of(row("sku", "d", "qty", 4))))))
                .schemaContract(contract("columns", "discard_row")));
        Path db = db("nested");
        assertThat(query(db, "SELECT id FROM nested_data.orders ORDER BY id")).containsExactly(row("id", 1L), row("id", 2L));
        // the line with the new column is dropped, its sibling stays; row 3 went with its lines
        assertThat(query(db, "SELECT o.id, l.sku, l._dlt_list_idx AS idx FROM nested_data.orders o"
                + " JOIN nested_data.orders__lines l ON l._dlt_parent_id = o._dlt_id ORDER BY o.id, idx"))
                .containsExactly(row("id", 1L, "sku", "a", "idx", 0L), row("id", 2L, "sku", "b", "idx", 0L));
        assertThat(columnTypes(db, "nested_data", "orders__lines")).doesNotContainKey("note");
        assertThat(columnTypes(db, "nested_data", "orders")).doesNotContainKey("coupon");
    }

    // --- levels ------------------------------------------------------------------------------

    @Test
    void aSourceContractAppliesToItsResourcesAndAResourceContractWins() {
        Pipeline p = pipeline(tmp, "levels").build();
        p.run(Source.of("shop", users(row("id", 1)), Resource.of("orders", List.of(row("id", 1)))));
        p.run(Source.of("shop", users(row("id", 2, "email", "e@x")),
                Resource.of("orders", List.of(row("id", 2, "total", 5))).schemaContract(SchemaContract.EVOLVE))
                .schemaContract(SchemaContract.parse("discard_value")));
        Path db = db("levels");
        assertThat(columnTypes(db, "levels_data", "users")).doesNotContainKey("email");
        assertThat(count(db, "levels_data.users")).isEqualTo(2);
        assertThat(query(db, "SELECT id, total FROM levels_data.orders ORDER BY id"))
                .containsExactly(row("id", 1L, "total", null), row("id", 2L, "total", 5L));
    }

    @Test
    void theContractIsStoredOnTheTableInTheSchemaAndHoldsForLaterRuns() {
        Pipeline p = pipeline(tmp, "stored").build();
        p.run(Source.of("shop", users(row("id", 1)).schemaContract(contract("columns", "discard_value"))));
        // no contract given this time: the one stored on the table applies
        p.run(Source.of("shop", users(row("id", 2, "email", "e@x"))));
        Path db = db("stored");
        assertThat(columnTypes(db, "stored_data", "users")).doesNotContainKey("email");
        assertThat(count(db, "stored_data.users")).isEqualTo(2);
        String schema = (String) query(db, "SELECT schema FROM stored_data._dlt_version ORDER BY version DESC LIMIT 1")
                .get(0).get("schema");
        assertThat(schema).contains("\"schema_contract\"").contains("\"columns\" : \"discard_value\"");
    }
}
