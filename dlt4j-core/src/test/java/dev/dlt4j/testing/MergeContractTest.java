package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.ColumnHint;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Scd2;
import java.time.Instant;
import dev.dlt4j.Resource;
import dev.dlt4j.MergeStrategy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write disposition merge through the staging dataset (delete-insert, upsert, scd2, insert-only) and the staged
 * replace, as every SQL destination must do them. Subclasses build the pipeline for their
 * destination with dataset {@code m_data} (staging {@code m_data_staging}) and run SQL there.
 */
public abstract class MergeContractTest {
    @TempDir
    protected Path tmp;

    /** A pipeline named {@code m} into the destination, dataset {@code m_data}. */
    protected abstract Pipeline.Builder builder();

    /** Rows of a query run at the destination, column label to value. */
    protected abstract List<Map<String, Object>> query(String sql);

    private long count(String table) {
        return ((Number) query("SELECT count(*) AS n FROM " + table).get(0).get("n")).longValue();
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Pipeline pipeline() {
        return builder().build();
    }

    @Test
    void deleteInsertDeduplicatesTheLoadKeepingTheLastRow() {
        pipeline().run(Resource.of("t", List.of(row("id", 1, "v", "first"), row("id", 2, "v", "x"),
                row("id", 1, "v", "last"))).merge(MergeStrategy.DELETE_INSERT).primaryKey("id"));
        assertThat(query("SELECT id, v FROM m_data.t ORDER BY id"))
                .containsExactly(row("id", 1L, "v", "last"), row("id", 2L, "v", "x"));
    }

    @Test
    void deleteInsertUpdatesExistingRowsAndReplacesTheirChildren() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "v", "a", "tags", List.of("x", "y")),
                row("id", 2, "v", "b", "tags", List.of("z")))).merge(MergeStrategy.DELETE_INSERT).primaryKey("id"));
        p.run(Resource.of("t", List.of(row("id", 1, "v", "A", "tags", List.of("only")),
                row("id", 3, "v", "c", "tags", List.of()))).merge(MergeStrategy.DELETE_INSERT).primaryKey("id"));
        assertThat(query("SELECT id, v FROM m_data.t ORDER BY id")).containsExactly(
                row("id", 1L, "v", "A"), row("id", 2L, "v", "b"), row("id", 3L, "v", "c"));
        assertThat(query("SELECT t.id, c.value FROM m_data.t t JOIN m_data.t__tags c"
                + " ON c._dlt_parent_id = t._dlt_id ORDER BY t.id, c._dlt_list_idx")).containsExactly(
                        row("id", 1L, "value", "only"), row("id", 2L, "value", "z"));
        assertThat(count("m_data.t__tags")).isEqualTo(2);
        assertThat(query("SELECT count(*) AS n FROM m_data.t__tags WHERE _dlt_root_id IS NULL"))
                .containsExactly(row("n", 0L));
    }

    @Test
    void aMergeKeyReplacesEveryRowOfTheSamePartition() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "day", "mon"), row("id", 2, "day", "mon"),
                row("id", 3, "day", "tue"))).merge(MergeStrategy.DELETE_INSERT).mergeKey("day"));
        p.run(Resource.of("t", List.of(row("id", 4, "day", "mon"))).merge(MergeStrategy.DELETE_INSERT)
                .mergeKey("day"));
        assertThat(query("SELECT id FROM m_data.t ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(3L, 4L);
    }

    @Test
    void aPrimaryKeyChangedToAnotherColumnMergesByTheNewKeyAlone() {
        // as dlt: a resource's primary key replaces the table's, it is not added to it
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "code", "a", "v", "x"), row("id", 2, "code", "b", "v", "y")))
                .merge(MergeStrategy.DELETE_INSERT).primaryKey("id"));
        p.run(Resource.of("t", List.of(row("id", 3, "code", "a", "v", "z")))
                .merge(MergeStrategy.DELETE_INSERT).primaryKey("code"));
        assertThat(query("SELECT id, code, v FROM m_data.t ORDER BY id")).containsExactly(
                row("id", 2L, "code", "b", "v", "y"), row("id", 3L, "code", "a", "v", "z"));
        Map<String, dev.dlt4j.Column> stored = new dev.dlt4j.storage.PipelineStorage(p.workingDir()).schema("m")
                .orElseThrow().tables().get("t").columns();
        assertThat(stored.get("code").primaryKey()).isTrue();
        assertThat(stored.get("id").primaryKey()).isFalse();
    }

    @Test
    void aMergeKeyChangedToAnotherColumnReplacesThePartitionsOfTheNewKeyAlone() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "day", "mon", "shop", "s1"), row("id", 2, "day", "tue",
                "shop", "s1"))).merge(MergeStrategy.DELETE_INSERT).mergeKey("day"));
        p.run(Resource.of("t", List.of(row("id", 3, "day", "wed", "shop", "s1")))
                .merge(MergeStrategy.DELETE_INSERT).mergeKey("shop"));
        assertThat(query("SELECT id FROM m_data.t ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(3L);
    }

    @Test
    void aResourceWithoutAPrimaryKeyKeepsTheKeyTheTableHas() {
        // as dlt: only a key the resource declares replaces the table's; declaring none changes nothing
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "v", "a"))).merge(MergeStrategy.DELETE_INSERT).primaryKey("id"));
        p.run(Resource.of("t", List.of(row("id", 1, "v", "b"))).merge(MergeStrategy.DELETE_INSERT));
        assertThat(query("SELECT id, v FROM m_data.t")).containsExactly(row("id", 1L, "v", "b"));
    }

    @Test
    void anUpsertWithoutAPrimaryKeyMergesByTheKeyItsTableAlreadyHas() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "v", "a"))).merge(MergeStrategy.UPSERT).primaryKey("id"));
        p.run(Resource.of("t", List.of(row("id", 1, "v", "b"), row("id", 2, "v", "c"))).merge(MergeStrategy.UPSERT));
        assertThat(query("SELECT id, v FROM m_data.t ORDER BY id")).containsExactly(row("id", 1L, "v", "b"),
                row("id", 2L, "v", "c"));
    }

    @Test
    void anUpsertKeyChangedToAnotherColumnIdentifiesRowsByTheNewKeyAlone() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "code", "a", "v", "x"))).merge(MergeStrategy.UPSERT)
                .primaryKey("id"));
        p.run(Resource.of("t", List.of(row("id", 2, "code", "a", "v", "y"))).merge(MergeStrategy.UPSERT)
                .primaryKey("code"));
        assertThat(query("SELECT id, code, v FROM m_data.t")).containsExactly(row("id", 2L, "code", "a", "v", "y"));
    }

    @Test
    void aListedPrimaryKeyReplacesTheKeyFlagsOfTheResourcesOwnColumns() {
        // dlt's _merge_keys: the resource's primary_key overrides the primary_key of its column hints
        Pipeline p = pipeline();
        java.util.function.Function<List<Map<String, Object>>, Resource> r = rows -> Resource.of("t", rows)
                .columns(dev.dlt4j.Column.of("id", dev.dlt4j.DataType.BIGINT).withPrimaryKey(true))
                .merge(MergeStrategy.DELETE_INSERT).primaryKey("code");
        p.run(r.apply(List.of(row("id", 1, "code", "a", "v", "x"))));
        p.run(r.apply(List.of(row("id", 2, "code", "a", "v", "y"))));
        assertThat(query("SELECT id, code, v FROM m_data.t ORDER BY id")).containsExactly(
                row("id", 2L, "code", "a", "v", "y"));
    }

    @Test
    void anExtractWithoutKeysAfterOneThatChangedTheKeyKeepsTheNewKey() {
        // both extracted before either is normalized: the second starts from the schema stored before the first
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "code", "a"), row("id", 2, "code", "b")))
                .merge(MergeStrategy.DELETE_INSERT).primaryKey("id"));
        p.extract(Resource.of("t", List.of(row("id", 3, "code", "a"))).merge(MergeStrategy.DELETE_INSERT)
                .primaryKey("code"));
        p.extract(Resource.of("t", List.of(row("id", 4, "code", "b"))).merge(MergeStrategy.DELETE_INSERT));
        p.normalize();
        p.load();
        assertThat(query("SELECT id, code FROM m_data.t ORDER BY id")).containsExactly(
                row("id", 3L, "code", "a"), row("id", 4L, "code", "b"));
    }

    @Test
    void anUpsertWithoutAKeyAfterAnExtractThatDeclaredOneIsAccepted() {
        Pipeline p = pipeline();
        p.extract(Resource.of("t", List.of(row("id", 1, "v", "a"))).merge(MergeStrategy.UPSERT).primaryKey("id"));
        p.run(Resource.of("t", List.of(row("id", 1, "v", "b"))).merge(MergeStrategy.UPSERT));
        assertThat(query("SELECT id, v FROM m_data.t")).containsExactly(row("id", 1L, "v", "b"));
    }

    @Test
    void aTableAppendedWithNestedRowsAndThenMergedWithoutAnyDeletesThemWithTheirRoot() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "c", List.of(1, 2)), row("id", 2, "c", List.of(5)))));
        p.run(Resource.of("t", List.of(row("id", 1, "v", "x"))).merge(MergeStrategy.DELETE_INSERT).primaryKey("id"));
        assertThat(query("SELECT value FROM m_data.t__c ORDER BY value")).extracting(x -> x.get("value"))
                .containsExactly(5L);
    }

    @Test
    void aTableAppendedWithGrandchildrenAndThenMergedWithChildrenOnlyDeletesTheGrandchildren() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "c", List.of(row("x", 1, "d", List.of(1, 2)))),
                row("id", 2, "c", List.of(row("x", 2, "d", List.of(5)))))));
        p.run(Resource.of("t", List.of(row("id", 1, "c", List.of(row("x", 9))))).merge(MergeStrategy.DELETE_INSERT)
                .primaryKey("id"));
        assertThat(query("SELECT value FROM m_data.t__c__d ORDER BY value")).extracting(x -> x.get("value"))
                .containsExactly(5L);
    }

    @Test
    void aThreeLevelChainAppendedAndThenMergedHasARootKeyInEveryRow() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "c", List.of(row("x", 1, "d", List.of(row("y", 1, "e",
                List.of(1, 2)))))), row("id", 2, "c", List.of(row("x", 2, "d", List.of(row("y", 2, "e", List.of(5)))))))));
        p.run(Resource.of("t", List.of(row("id", 1, "c", List.of(row("x", 9, "d", List.of(row("y", 9, "e",
                List.of(9))))))))
                .merge(MergeStrategy.DELETE_INSERT).primaryKey("id"));
        assertThat(query("SELECT value FROM m_data.t__c__d__e ORDER BY value")).extracting(x -> x.get("value"))
                .containsExactly(5L, 9L);
        assertThat(query("SELECT count(*) AS n FROM m_data.t__c__d__e WHERE _dlt_root_id IS NULL"))
                .containsExactly(row("n", 0L));
    }

    @Test
    void aRootTableGainingADataColumnNamedDltRootIdLoads() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1))));
        p.run(Resource.of("t", List.of(row("id", 2, "_dlt_root_id", "r"))));
        assertThat(count("m_data.t")).isEqualTo(2);
    }

    @Test
    void withoutKeysMergeAppends() {
        Pipeline p = pipeline();
        Resource r = Resource.of("t", List.of(row("id", 1))).merge(MergeStrategy.DELETE_INSERT);
        p.run(r);
        p.run(r);
        assertThat(count("m_data.t")).isEqualTo(2);
    }

    @Test
    void upsertUpdatesExistingKeysAndInsertsNewOnes() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "v", "a", "l", List.of(1, 2)), row("id", 2, "v", "b")))
                .merge(MergeStrategy.UPSERT).primaryKey("id"));
        p.run(Resource.of("t", List.of(row("id", 2, "v", "B"), row("id", 3, "v", "c", "l", List.of(9))))
                .merge(MergeStrategy.UPSERT).primaryKey("id"));
        assertThat(query("SELECT id, v FROM m_data.t ORDER BY id")).containsExactly(
                row("id", 1L, "v", "a"), row("id", 2L, "v", "B"), row("id", 3L, "v", "c"));
        assertThat(query("SELECT value FROM m_data.t__l ORDER BY value")).extracting(r -> r.get("value"))
                .containsExactly(1L, 2L, 9L);
    }

    @Test
    void upsertWithoutAPrimaryKeyFailsNamingTheTable() {
        // refused before extract: no package is left to fail at every later load
        assertThatThrownBy(() -> pipeline().run(Resource.of("t", List.of(row("id", 1))).merge(MergeStrategy.UPSERT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resource t (table t): merge strategy upsert needs a primary key");
    }

    @Test
    void upsertGivesAKeyAndItsNestedRowsTheSameIdsInEveryLoad() {
        // dlt's key_hash: a root row's _dlt_id is the hash of its primary key, so a key and its nested rows
        // (whose ids derive from their parent's) keep their ids when the key is loaded again
        Pipeline p = pipeline();
        Resource first = Resource.of("t", List.of(row("id", 1, "v", "a", "l", List.of(1, 2)), row("id", 2, "v", "b")))
                .merge(MergeStrategy.UPSERT).primaryKey("id");
        p.run(first);
        List<Map<String, Object>> ids = query("SELECT t.id, t._dlt_id AS root, c._dlt_id AS nested FROM m_data.t t"
                + " LEFT JOIN m_data.t__l c ON c._dlt_parent_id = t._dlt_id ORDER BY t.id, c._dlt_list_idx");
        p.run(Resource.of("t", List.of(row("id", 1, "v", "A", "l", List.of(3, 4)), row("id", 2, "v", "B")))
                .merge(MergeStrategy.UPSERT).primaryKey("id"));
        assertThat(query("SELECT t.id, t._dlt_id AS root, c._dlt_id AS nested FROM m_data.t t"
                + " LEFT JOIN m_data.t__l c ON c._dlt_parent_id = t._dlt_id ORDER BY t.id, c._dlt_list_idx"))
                .isEqualTo(ids).hasSize(3);
        assertThat(query("SELECT value FROM m_data.t__l ORDER BY value")).extracting(r -> r.get("value"))
                .containsExactly(3L, 4L);
        assertThat(query("SELECT count(DISTINCT _dlt_id) AS n FROM m_data.t")).containsExactly(row("n", 2L));
    }

    @Test
    void compoundKeysWhoseTextsRunTogetherStillGetIdsOfTheirOwn() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("a", "1,b:2", "b", "3", "l", List.of("x")),
                row("a", "1", "b", "2,b:3", "l", List.of("y")))).merge(MergeStrategy.UPSERT).primaryKey("a", "b"));
        assertThat(query("SELECT count(DISTINCT _dlt_id) AS n FROM m_data.t")).containsExactly(row("n", 2L));
        assertThat(query("SELECT t.a, l.value FROM m_data.t t JOIN m_data.t__l l ON l._dlt_parent_id = t._dlt_id"
                + " ORDER BY l.value")).containsExactly(row("a", "1,b:2", "value", "x"), row("a", "1", "value", "y"));
    }

    @Test
    void upsertKeepsTheLastRowOfAKeyTheLoadHasTwiceAndEachNestedPositionOnce() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "v", "first", "l", List.of(1, 2)), row("id", 2, "v", "x"),
                row("id", 1, "v", "last", "l", List.of(8, 9)))).merge(MergeStrategy.UPSERT).primaryKey("id"));
        assertThat(query("SELECT id, v FROM m_data.t ORDER BY id"))
                .containsExactly(row("id", 1L, "v", "last"), row("id", 2L, "v", "x"));
        assertThat(query("SELECT value FROM m_data.t__l ORDER BY _dlt_list_idx")).extracting(r -> r.get("value"))
                .containsExactly(8L, 9L);
    }

    @Test
    void insertOnlyInsertsNewKeysAndNeverUpdatesExistingOnes() {
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "v", "a", "l", List.of(1)), row("id", 2, "v", "b")))
                .merge(MergeStrategy.INSERT_ONLY).primaryKey("id"));
        p.run(Resource.of("t", List.of(row("id", 1, "v", "A", "l", List.of(5, 6)), row("id", 2, "v", "B", "l",
                List.of(7)), row("id", 3, "v", "c", "l", List.of(9)))).merge(MergeStrategy.INSERT_ONLY).primaryKey("id"));
        assertThat(query("SELECT id, v FROM m_data.t ORDER BY id")).containsExactly(
                row("id", 1L, "v", "a"), row("id", 2L, "v", "b"), row("id", 3L, "v", "c"));
        // an existing key's nested rows stay as they were: no new position, no new list
        assertThat(query("SELECT t.id, c.value FROM m_data.t t JOIN m_data.t__l c ON c._dlt_root_id = t._dlt_id"
                + " ORDER BY t.id, c._dlt_list_idx")).containsExactly(row("id", 1L, "value", 1L), row("id", 3L, "value", 9L));
    }

    @Test
    void insertOnlyKeepsOneRowPerNewKeyAndLeavesOutRowsFlaggedDeleted() {
        Pipeline p = pipeline();
        ColumnHint deleted = ColumnHint.of("deleted").withHardDelete(true);
        p.run(Resource.of("t", List.of(row("id", 1, "v", "a"))).merge(MergeStrategy.INSERT_ONLY).primaryKey("id")
                .columnHints(deleted));
        p.run(Resource.of("t", List.of(row("id", 1, "deleted", true), row("id", 2, "v", "first", "l", List.of(1)),
                row("id", 2, "v", "last", "l", List.of(2)), row("id", 3, "v", "c", "deleted", true, "l", List.of(3)),
                row("id", 4, "v", "d", "deleted", false))).merge(MergeStrategy.INSERT_ONLY).primaryKey("id")
                .columnHints(deleted));
        // a flag deletes nothing (insert-only never deletes) and its row is not inserted, nor its nested rows
        assertThat(query("SELECT id, v FROM m_data.t ORDER BY id")).containsExactly(
                row("id", 1L, "v", "a"), row("id", 2L, "v", "last"), row("id", 4L, "v", "d"));
        assertThat(query("SELECT value FROM m_data.t__l")).containsExactly(row("value", 2L));
    }

    @Test
    void insertOnlyWithoutAPrimaryKeyFailsBeforeExtract() {
        assertThatThrownBy(() -> pipeline().run(Resource.of("t", List.of(row("id", 1)))
                .merge(MergeStrategy.INSERT_ONLY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resource t (table t): merge strategy insert-only needs a primary key, and none"
                        + " is set; set one with .primaryKey(...) or use merge strategy delete-insert");
    }

    @Test
    void aKeyHashedRowWithoutAValueForItsPrimaryKeyFailsNamingTheColumn() {
        assertThatThrownBy(() -> pipeline().run(Resource.of("t", List.of(row("id", 1, "v", "a"), row("v", "b")))
                .merge(MergeStrategy.UPSERT).primaryKey("id")))
                .hasStackTraceContaining("Table t, column id: the row has no value for this primary key column;"
                        + " merge strategy upsert identifies rows by their primary key");
    }

    @Test
    void scd2RetiresChangedAndMissingRowsAndInsertsNewVersions() {
        Pipeline p = pipeline();
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "a"), row("id", 2, "name", "b"),
                row("id", 3, "name", "c", "tags", List.of("t3")))).merge(MergeStrategy.SCD2));
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "a"), row("id", 2, "name", "B"),
                row("id", 4, "name", "d"))).merge(MergeStrategy.SCD2));
        assertThat(query("SELECT id, name FROM m_data.dim WHERE _dlt_valid_to IS NULL ORDER BY id"))
                .containsExactly(row("id", 1L, "name", "a"), row("id", 2L, "name", "B"), row("id", 4L, "name", "d"));
        assertThat(query("SELECT id, name FROM m_data.dim WHERE _dlt_valid_to IS NOT NULL ORDER BY id"))
                .containsExactly(row("id", 2L, "name", "b"), row("id", 3L, "name", "c"));
        assertThat(query("SELECT count(*) AS n FROM m_data.dim WHERE id = 1")).containsExactly(row("n", 1L));
        assertThat(query("SELECT count(*) AS n FROM m_data.dim WHERE _dlt_valid_from IS NULL"))
                .containsExactly(row("n", 0L));
        // the retired version keeps its children
        assertThat(count("m_data.dim__tags")).isEqualTo(1);
        Map<String, Object> retiredB = query("SELECT _dlt_valid_to AS t FROM m_data.dim WHERE name = 'b'").get(0);
        Map<String, Object> newB = query("SELECT _dlt_valid_from AS t FROM m_data.dim WHERE name = 'B'").get(0);
        assertThat(retiredB.get("t")).isEqualTo(newB.get("t"));
    }

    private static java.time.Instant instant(Object timestamp) {
        if (timestamp instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (timestamp instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new AssertionError("not a timestamp with time zone: " + timestamp + " (" + timestamp.getClass() + ")");
    }

    @Test
    void scd2WithItsOwnValidityColumnsMarksActiveVersionsWithTheActiveRecordTimestamp() {
        Instant endOfTime = Instant.parse("9999-12-31T00:00:00Z");
        Scd2 options = Scd2.builder().validityColumnNames("Valid From", "valid_to").activeRecordTimestamp(endOfTime)
                .build();
        Pipeline p = pipeline();
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "a"), row("id", 2, "name", "b"))).scd2(options));
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "a"), row("id", 2, "name", "B"))).scd2(options));

        // the names go through the naming convention, as dlt's do; dlt's own validity columns are not made
        List<Map<String, Object>> rows = query("SELECT name, valid_from, valid_to FROM m_data.dim ORDER BY name");
        assertThat(rows).extracting(r -> r.get("name")).containsExactly("B", "a", "b");
        assertThat(instant(rows.get(0).get("valid_to"))).isEqualTo(endOfTime);
        assertThat(instant(rows.get(1).get("valid_to"))).isEqualTo(endOfTime);
        assertThat(instant(rows.get(2).get("valid_to"))).isEqualTo(instant(rows.get(0).get("valid_from")))
                .isBefore(endOfTime);
        assertThat(query("SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'm_data'"
                + " AND table_name = 'dim' AND column_name LIKE '_dlt_valid%'")).containsExactly(row("n", 0L));
    }

    @Test
    void scd2WithABoundaryTimestampStartsAndRetiresVersionsAtIt() {
        Instant january = Instant.parse("2024-01-01T00:00:00Z");
        Instant february = Instant.parse("2024-02-01T00:00:00Z");
        Pipeline p = pipeline();
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "a"))).scd2(Scd2.builder().boundaryTimestamp(january)
                .build()));
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "A"))).scd2(Scd2.builder().boundaryTimestamp(february)
                .build()));

        List<Map<String, Object>> rows = query("SELECT name, _dlt_valid_from AS f, _dlt_valid_to AS t FROM m_data.dim"
                + " ORDER BY name");
        assertThat(rows).extracting(r -> r.get("name")).containsExactly("A", "a");
        assertThat(instant(rows.get(0).get("f"))).isEqualTo(february);
        assertThat(rows.get(0).get("t")).isNull();
        assertThat(instant(rows.get(1).get("f"))).isEqualTo(january);
        assertThat(instant(rows.get(1).get("t"))).isEqualTo(february);
    }

    @Test
    void scd2WithoutABoundaryTimestampInALaterRunUsesThatLoadsTime() {
        // dlt keeps an earlier run's boundary in the schema until it is set to None; here each run's options count
        Instant january = Instant.parse("2024-01-01T00:00:00Z");
        Pipeline p = pipeline();
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "a"))).scd2(Scd2.builder().boundaryTimestamp(january)
                .build()));
        Instant before = Instant.now();
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "A"))).merge(MergeStrategy.SCD2));

        Map<String, Object> retired = query("SELECT _dlt_valid_to AS t FROM m_data.dim WHERE name = 'a'").get(0);
        assertThat(instant(retired.get("t"))).isAfter(before.minusSeconds(60));
    }

    @Test
    void scd2WithARowVersionColumnOfTheDataComparesVersionsByIt() {
        Scd2 options = Scd2.builder().rowVersionColumnName("row_hash").build();
        Pipeline p = pipeline();
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "a", "row_hash", "h1"))).scd2(options));
        // the same version by the data's own column, whatever else changed: nothing retired, nothing inserted
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "a, corrected", "row_hash", "h1"))).scd2(options));
        assertThat(query("SELECT name FROM m_data.dim")).containsExactly(row("name", "a"));
        p.run(Resource.of("dim", List.of(row("id", 1, "name", "b", "row_hash", "h2"))).scd2(options));

        assertThat(query("SELECT name, row_hash FROM m_data.dim WHERE _dlt_valid_to IS NULL"))
                .containsExactly(row("name", "b", "row_hash", "h2"));
        assertThat(query("SELECT name FROM m_data.dim WHERE _dlt_valid_to IS NOT NULL")).containsExactly(row("name", "a"));
        // _dlt_id is then dlt's random row key again, one per row
        assertThat(query("SELECT count(DISTINCT _dlt_id) AS n FROM m_data.dim")).containsExactly(row("n", 2L));
    }

    @Test
    void scd2WithARowVersionColumnFailsARowWithoutIt() {
        assertThatThrownBy(() -> pipeline().run(Resource.of("dim", List.of(row("id", 1, "row_hash", "h1"),
                row("id", 2))).scd2(Scd2.builder().rowVersionColumnName("row_hash").build())))
                .hasStackTraceContaining("Table dim, column row_hash: the row has no value for this row version column"
                        + " (row_version_column_name); merge strategy scd2 compares versions by it");
    }

    @Test
    void scd2WithAMergeKeyRetiresOnlyTheKeysOfTheLoad() {
        // dlt's incremental scd2: a key the load does not carry stays active
        Pipeline p = pipeline();
        p.run(Resource.of("dim", List.of(row("id", 1, "v", "a"), row("id", 2, "v", "b"))).merge(MergeStrategy.SCD2)
                .mergeKey("id"));
        p.run(Resource.of("dim", List.of(row("id", 1, "v", "A"))).merge(MergeStrategy.SCD2).mergeKey("id"));
        assertThat(query("SELECT id, v FROM m_data.dim WHERE _dlt_valid_to IS NULL ORDER BY id"))
                .containsExactly(row("id", 1L, "v", "A"), row("id", 2L, "v", "b"));
        assertThat(query("SELECT id, v FROM m_data.dim WHERE _dlt_valid_to IS NOT NULL"))
                .containsExactly(row("id", 1L, "v", "a"));
    }

    @Test
    void scd2WithACompoundMergeKeyRetiresOnlyRowsWhoseWholeKeyIsInTheLoad() {
        Pipeline p = pipeline();
        p.run(Resource.of("dim", List.of(row("a", 1, "b", 1, "v", "x"), row("a", 1, "b", 2, "v", "y")))
                .merge(MergeStrategy.SCD2).mergeKey("a", "b"));
        p.run(Resource.of("dim", List.of(row("a", 1, "b", 2, "v", "Y"))).merge(MergeStrategy.SCD2).mergeKey("a", "b"));
        assertThat(query("SELECT a, b, v FROM m_data.dim WHERE _dlt_valid_to IS NULL ORDER BY a, b, v"))
                .containsExactly(row("a", 1L, "b", 1L, "v", "x"), row("a", 1L, "b", 2L, "v", "Y"));
    }

    @Test
    void scd2AVersionThatComesBackDoesNotDuplicateItsNestedRows() {
        Pipeline p = pipeline();
        for (List<Integer> tags : List.of(List.of(1, 2), List.of(1), List.of(1, 2))) {
            p.run(Resource.of("dim", List.of(row("id", 1, "tags", tags))).merge(MergeStrategy.SCD2));
        }
        // the first version's two nested rows once, the second version's one: as dlt, by the rows' keys
        assertThat(count("m_data.dim__tags")).isEqualTo(3);
        assertThat(query("SELECT count(*) AS n FROM m_data.dim WHERE _dlt_valid_to IS NULL")).containsExactly(row("n", 1L));
        // scd2 links nested rows by their parent only: no root key (dlt adds it for delete-insert and upsert)
        assertThat(query("SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'm_data'"
                + " AND table_name = 'dim__tags' AND column_name = '_dlt_root_id'")).containsExactly(row("n", 0L));
    }

    @Test
    void aTableMergedOnceKeepsItsRootKeyWhenLaterReplaced() {
        // a later replace (or append) still fills _dlt_root_id, which the merge made NOT NULL (dlt: once a
        // nested table has the column, every later load fills it)
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "c", List.of(1)))).merge(MergeStrategy.DELETE_INSERT).primaryKey("id"));
        p.run(Resource.of("t", List.of(row("id", 2, "c", List.of(2)))).writeDisposition(dev.dlt4j.WriteDisposition.REPLACE));
        p.run(Resource.of("t", List.of(row("id", 3, "c", List.of(3)))));
        assertThat(query("SELECT t.id, c.value FROM m_data.t t JOIN m_data.t__c c ON c._dlt_root_id = t._dlt_id"
                + " ORDER BY t.id")).containsExactly(row("id", 2L, "value", 2L), row("id", 3L, "value", 3L));
    }

    @Test
    void aTableAppendedWithNestedRowsAndThenMergedReplacesTheNestedRowsLoadedBefore() {
        // the nested rows appended before the merge get their root key when the column is added (dlt's load
        // fails on the NOT NULL column instead), so the merge deletes them with their root row
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1, "c", List.of(List.of(1, 2))), row("id", 2, "c", List.of(List.of(5))))));
        p.run(Resource.of("t", List.of(row("id", 1, "c", List.of(List.of(3))))).merge(MergeStrategy.DELETE_INSERT)
                .primaryKey("id"));
        assertThat(query("SELECT value FROM m_data.t__c__list ORDER BY value")).extracting(r -> r.get("value"))
                .containsExactly(3L, 5L);
        assertThat(count("m_data.t__c")).isEqualTo(2);
        assertThat(query("SELECT count(*) AS n FROM m_data.t__c__list g JOIN m_data.t t ON g._dlt_root_id = t._dlt_id"))
                .containsExactly(row("n", 2L));
    }

    @Test
    void aTableMergedBeforeItHadNestedRowsGivesThemARootKeyWhenLaterAppended() {
        // dlt remembers that a merged table propagates its root key (its normalizer's propagation config)
        Pipeline p = pipeline();
        p.run(Resource.of("t", List.of(row("id", 1))).merge(MergeStrategy.DELETE_INSERT).primaryKey("id"));
        p.run(Resource.of("t", List.of(row("id", 2, "c", List.of(7, 8)))));
        assertThat(query("SELECT t.id, c.value FROM m_data.t t JOIN m_data.t__c c ON c._dlt_root_id = t._dlt_id"
                + " ORDER BY c.value")).containsExactly(row("id", 2L, "value", 7L), row("id", 2L, "value", 8L));
    }

    @Test
    void aSourceWithRootKeyGivesTheNestedRowsOfAnAppendedTableARootKey() {
        Pipeline p = pipeline();
        p.run(dev.dlt4j.Source.of("m", Resource.of("t", List.of(row("id", 1, "c", List.of(List.of(5))))))
                .rootKey(true));
        assertThat(query("SELECT t.id, c.value FROM m_data.t t JOIN m_data.t__c__list c ON c._dlt_root_id = t._dlt_id"))
                .containsExactly(row("id", 1L, "value", 5L));
        // and in later runs of the source without the option, as dlt keeps it in the schema
        p.run(dev.dlt4j.Source.of("m", Resource.of("t", List.of(row("id", 2, "c", List.of(List.of(6)))))));
        assertThat(query("SELECT t.id, c.value FROM m_data.t t JOIN m_data.t__c__list c ON c._dlt_root_id = t._dlt_id"
                + " ORDER BY t.id")).containsExactly(row("id", 1L, "value", 5L), row("id", 2L, "value", 6L));
    }

    @Test
    void anAppendedTableOfASourceWithoutRootKeyHasNone() {
        Pipeline p = pipeline();
        p.run(dev.dlt4j.Source.of("m", Resource.of("t", List.of(row("id", 1, "c", List.of(5))))));
        assertThat(query("SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 't__c'"
                + " AND column_name = '_dlt_root_id'")).containsExactly(row("n", 0L));
    }

    @Test
    void replaceWithInsertFromStagingSwapsTheChainThroughStaging() {
        Pipeline p = builder()
                .environment(Map.of("DESTINATION__REPLACE_STRATEGY", "insert-from-staging")).build();
        Resource first = Resource.of("t", List.of(row("id", 1, "l", List.of(1, 2)), row("id", 2)))
                .writeDisposition(dev.dlt4j.WriteDisposition.REPLACE);
        p.run(first);
        p.run(Resource.of("t", List.of(row("id", 3, "l", List.of(7))))
                .writeDisposition(dev.dlt4j.WriteDisposition.REPLACE));
        assertThat(query("SELECT id FROM m_data.t")).containsExactly(row("id", 3L));
        assertThat(query("SELECT value FROM m_data.t__l")).containsExactly(row("value", 7L));
        assertThat(query("SELECT count(*) AS n FROM m_data_staging.t")).containsExactly(row("n", 1L));
        p.run(Resource.of("t", List.of()).writeDisposition(dev.dlt4j.WriteDisposition.REPLACE));
        assertThat(count("m_data.t")).isZero();
        assertThat(count("m_data.t__l")).isZero();
    }

    @Test
    void anUnknownReplaceStrategyIsRejectedBeforeAnyDataMoves() {
        assertThatThrownBy(() -> builder()
                .environment(Map.of("DESTINATION__REPLACE_STRATEGY", "staging-optimized")).build())
                .hasMessageContaining("'replace_strategy' has invalid value staging-optimized")
                .hasMessageContaining("DESTINATION__REPLACE_STRATEGY")
                .hasMessageContaining("\"truncate-and-insert\" or \"insert-from-staging\"");
    }
}
