package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.pipeline;
import static dev.dlt4j.duckdb.DuckDbTesting.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Source;
import dev.dlt4j.schema.Column;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.storage.PipelineStorage;
import dev.dlt4j.testing.RelationalCase;
import dev.dlt4j.testing.RelationalCase.ExpectedColumn;
import dev.dlt4j.testing.RelationalCase.ExpectedTable;
import dev.dlt4j.testing.RelationalCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relational normalizer gives dlt 1.26's tables on DuckDB: for each case of
 * {@link RelationalCases}, the stored schema and the DuckDB tables have exactly the expected
 * tables, columns in order, types, nullability and rows, and every child row links to a row of its
 * parent (and root) table.
 */
class RelationalParityTest {
    @TempDir
    Path tmp;

    @Test
    void keysThatNormalizeToOneNameGiveOneColumnWithTheLastValue() {
        check(RelationalCases.collidingKeys());
        check(RelationalCases.caseFoldedKeys());
    }

    @Test
    void rowKeysNamedLikeSystemColumnsNeverReplaceDltsValuesOrHints() {
        check(RelationalCases.systemKeysInRows());
    }

    @Test
    void aRootRowKeepsItsOwnNonEmptyDltId() {
        check(RelationalCases.ownRowId());
    }

    @Test
    void rootRowKeysNamedLikeSystemColumnsKeepTheirValuesWithDltsHints() {
        check(RelationalCases.systemNamedKeysOfRootRows());
    }

    @Test
    void aChildRowKeepsItsOwnDltIdAndStillLinksToItsParent() {
        check(RelationalCases.ownChildRowId());
    }

    @Test
    void nullListElementsAreKeptAsRows() {
        check(RelationalCases.nullListElements());
    }

    @Test
    void childTablesOfMergeTablesHaveTheRootIdBeforeTheParentId() {
        check(RelationalCases.mergeChildColumns());
    }

    @Test
    void aLevelsPlainValuesComeBeforeItsNestedObjects() {
        check(RelationalCases.flatteningOrder());
    }

    @Test
    void childTablesFollowTheFlatteningOrderAndANullKeepsItsKeysPosition() {
        check(RelationalCases.listsAndNullsInFlatteningOrder());
    }

    @Test
    void aNestedObjectWinsOverAFlatKeyOfTheSameName() {
        check(RelationalCases.flatAndNestedCollide());
    }

    @Test
    void declaredColumnsKeepTheirDeclarationOrder() {
        check(RelationalCases.declaredColumnOrder());
    }

    @Test
    void resourcesThatYieldNothingGetNoTable() {
        check(RelationalCases.emptyResources());
    }

    private void check(RelationalCase c) {
        Pipeline p = pipeline(tmp, c.name()).build();
        LoadInfo info = p.run(Source.of(c.name(), c.resources()));
        String loadId = info.loadIds().get(0);
        Path db = tmp.resolve(c.name() + ".duckdb");
        String dataset = p.datasetName();
        Schema schema = new PipelineStorage(p.workingDir()).schema(c.name()).orElseThrow();

        assertThat(schema.dataTables()).extracting(Table::name).as("%s: data tables of the stored schema", c.name())
                .containsExactlyElementsOf(c.tables().stream().map(ExpectedTable::name).toList());
        assertThat(query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + dataset
                + "' AND table_name NOT LIKE '\\_dlt%' ESCAPE '\\' ORDER BY table_name"))
                .extracting(r -> r.get("table_name")).as("%s: data tables in DuckDB", c.name())
                .containsExactlyInAnyOrderElementsOf(c.tables().stream().map(ExpectedTable::name).toList());
        for (ExpectedTable t : c.tables()) {
            String what = c.name() + ", table " + t.name();
            Table stored = schema.table(t.name()).orElseThrow();
            List<ExpectedColumn> storedColumns = new ArrayList<>();
            for (Column col : stored.columns().values()) {
                storedColumns.add(new ExpectedColumn(col.name(), col.dataType(), col.nullable()));
            }
            assertThat(storedColumns).as("%s: stored columns", what).containsExactlyElementsOf(t.columns());

            List<ExpectedColumn> inDuckDb = new ArrayList<>();
            for (Map<String, Object> r : query(db, "SELECT column_name, is_nullable FROM information_schema.columns"
                    + " WHERE table_schema = '" + dataset + "' AND table_name = '" + t.name()
                    + "' ORDER BY ordinal_position")) {
                String name = (String) r.get("column_name");
                inDuckDb.add(new ExpectedColumn(name, stored.columns().get(name).dataType(),
                        "YES".equals(r.get("is_nullable"))));
            }
            assertThat(inDuckDb).as("%s: DuckDB columns and nullability", what).containsExactlyElementsOf(t.columns());

            List<List<Object>> rows = new ArrayList<>();
            for (Map<String, Object> r : query(db, "SELECT " + String.join(", ", t.rowColumns()) + " FROM "
                    + dataset + "." + t.name() + " ORDER BY " + t.orderBy())) {
                rows.add(new ArrayList<>(r.values()));
            }
            List<List<Object>> expected = new ArrayList<>();
            for (List<Object> r : t.rows()) {
                List<Object> values = new ArrayList<>(r);
                values.replaceAll(v -> RelationalCase.LOAD_ID.equals(v) ? loadId : v);
                expected.add(values);
            }
            assertThat(rows).as("%s: rows", what).isEqualTo(expected);

            if (!stored.isRoot()) {
                assertThat(orphans(db, dataset, t.name(), "_dlt_parent_id", stored.parent()))
                        .as("%s: rows whose _dlt_parent_id names no row of %s", what, stored.parent()).isZero();
            }
            if (!stored.isRoot() && t.hasColumn("_dlt_root_id")) {
                String root = schema.rootOf(t.name()).name();
                assertThat(orphans(db, dataset, t.name(), "_dlt_root_id", root))
                        .as("%s: rows whose _dlt_root_id names no row of %s", what, root).isZero();
            }
        }
    }

    private static long orphans(Path db, String dataset, String table, String link, String target) {
        return ((Number) query(db, "SELECT count(*) AS n FROM " + dataset + "." + table + " c WHERE NOT EXISTS"
                + " (SELECT 1 FROM " + dataset + "." + target + " p WHERE p._dlt_id = c." + link + ")")
                .get(0).get("n")).longValue();
    }
}
