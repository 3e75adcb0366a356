package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Source;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every common PostgreSQL type round-trips into DuckDB and PostgreSQL with the right destination types. */
class PostgresTypesTest {
    static final String SCHEMA = "sqlsrc_types";

    @TempDir
    Path tmp;

    @BeforeAll
    static void createTable() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".all_types (id integer PRIMARY KEY, small smallint, big bigint NOT NULL,"
                        + " num numeric(12,3), num_free numeric, real_col real, dbl double precision, flag boolean,"
                        + " txt text, vc varchar(20), ch char(3), d date, t time, ts timestamp, tstz timestamptz,"
                        + " js json, jsb jsonb, bin bytea, u uuid, ints integer[], tags text[], cash money)",
                "INSERT INTO " + SCHEMA + ".all_types VALUES (1, 7, 9000000000, 123456789.125, 1.5, 2.5, 3.25, true,"
                        + " 'hello', 'vc', 'abc', '2024-02-29', '13:45:10.5', '2024-01-02 03:04:05.123456',"
                        + " '2024-01-02 03:04:05+02', '{\"a\": 1}', '{\"b\": [1, 2]}', '\\xdeadbeef',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{1,2,3}', '{x,y}', 12.50)",
                "INSERT INTO " + SCHEMA + ".all_types (id, big) VALUES (2, 0)");
    }

    private Pipeline pipeline(String destination, String name) {
        return Pipeline.builder(name).destination(destination).dataset("sqlsrc_pgtypes")
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of()).build();
    }

    @Test
    void everyCommonTypeLoadsIntoDuckDbWithItsType() {
        Path db = tmp.resolve("types.duckdb");
        Source source = SqlSource.of(Databases.PG).schema(SCHEMA).tables("all_types").toSource();
        pipeline("duckdb:" + db, "pgtypes").run(source);

        String url = "jdbc:duckdb:" + db.toAbsolutePath();
        assertThat(Databases.columnTypes(url, "sqlsrc_pgtypes", "all_types")).containsAllEntriesOf(Map.ofEntries(
                Map.entry("id", "BIGINT"), Map.entry("small", "BIGINT"), Map.entry("big", "BIGINT"),
                Map.entry("num", "DECIMAL(12,3)"), Map.entry("real_col", "DOUBLE"), Map.entry("dbl", "DOUBLE"),
                Map.entry("flag", "BOOLEAN"), Map.entry("txt", "VARCHAR"), Map.entry("vc", "VARCHAR"),
                Map.entry("d", "DATE"), Map.entry("t", "TIME"), Map.entry("ts", "TIMESTAMP"),
                Map.entry("tstz", "TIMESTAMP WITH TIME ZONE"), Map.entry("js", "JSON"), Map.entry("jsb", "JSON"),
                Map.entry("bin", "BLOB"), Map.entry("u", "VARCHAR"), Map.entry("ints", "JSON"),
                Map.entry("tags", "JSON"), Map.entry("cash", "VARCHAR")));
        List<Map<String, Object>> rows = Databases.duck(db, "SELECT id, small, big, CAST(num AS VARCHAR) num,"
                + " real_col, flag, txt, ch, CAST(d AS VARCHAR) d, CAST(t AS VARCHAR) t, CAST(ts AS VARCHAR) ts,"
                + " epoch(tstz) tstz, CAST(js AS VARCHAR) js, CAST(jsb AS VARCHAR) jsb, hex(bin) bin, u,"
                + " CAST(ints AS VARCHAR) ints, CAST(tags AS VARCHAR) tags"
                + " FROM sqlsrc_pgtypes.all_types ORDER BY id");
        assertThat(rows).hasSize(2);
        Map<String, Object> r = rows.get(0);
        assertThat(r).containsEntry("id", 1L).containsEntry("small", 7L).containsEntry("big", 9000000000L)
                .containsEntry("num", "123456789.125").containsEntry("real_col", 2.5).containsEntry("flag", true)
                .containsEntry("txt", "hello").containsEntry("ch", "abc").containsEntry("d", "2024-02-29")
                .containsEntry("t", "13:45:10.5").containsEntry("ts", "2024-01-02 03:04:05.123456")
                .containsEntry("tstz", 1704157445.0).containsEntry("js", "{\"a\":1}")
                .containsEntry("jsb", "{\"b\":[1,2]}").containsEntry("bin", "DEADBEEF")
                .containsEntry("u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").containsEntry("ints", "[1,2,3]")
                .containsEntry("tags", "[\"x\",\"y\"]");
        assertThat(rows.get(1)).containsEntry("id", 2L).containsEntry("small", null).containsEntry("js", null);
    }

    @Test
    void fullWithPrecisionGivesSmallIntegersPrecision32AndSoIntegerColumnsAsDlt() {
        Path db = tmp.resolve("precise.duckdb");
        Source source = SqlSource.of(Databases.PG).schema(SCHEMA).tables("all_types")
                .reflection(ReflectionLevel.FULL_WITH_PRECISION).toSource();
        pipeline("duckdb:" + db, "pgprecise").run(source);

        assertThat(Databases.columnTypes("jdbc:duckdb:" + db.toAbsolutePath(), "sqlsrc_pgtypes", "all_types"))
                .containsEntry("small", "INTEGER").containsEntry("id", "BIGINT").containsEntry("big", "BIGINT");
        assertThat(Databases.duck(db, "SELECT small FROM sqlsrc_pgtypes.all_types WHERE id = 1"))
                .containsExactly(Map.of("small", 7));
    }

    @Test
    void everyCommonTypeLoadsIntoPostgresWithItsType() {
        Databases.pg("DROP SCHEMA IF EXISTS sqlsrc_pgtypes_pg CASCADE");
        Source source = SqlSource.of(Databases.PG).schema(SCHEMA).tables("all_types").toSource();
        Pipeline.builder("pgtypes_pg").destination(Databases.PG).dataset("sqlsrc_pgtypes_pg")
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of()).build().run(source);

        assertThat(Databases.columnTypes(Databases.PG_JDBC, "sqlsrc_pgtypes_pg", "all_types")).containsAllEntriesOf(
                Map.ofEntries(Map.entry("id", "bigint"), Map.entry("small", "bigint"), Map.entry("big", "bigint"),
                Map.entry("num", "numeric"), Map.entry("real_col", "double precision"),
                Map.entry("flag", "boolean"), Map.entry("txt", "character varying"), Map.entry("d", "date"),
                Map.entry("t", "time without time zone"), Map.entry("ts", "timestamp without time zone"),
                Map.entry("tstz", "timestamp with time zone"), Map.entry("js", "jsonb"), Map.entry("jsb", "jsonb"),
                Map.entry("bin", "bytea"), Map.entry("u", "character varying"), Map.entry("ints", "jsonb"),
                Map.entry("cash", "character varying")));
        assertThat(Databases.query(Databases.PG_JDBC, "SELECT numeric_precision, numeric_scale FROM"
                + " information_schema.columns WHERE table_schema = 'sqlsrc_pgtypes_pg' AND column_name = 'num'"))
                .containsExactly(Map.of("numeric_precision", 12, "numeric_scale", 3));
        List<Map<String, Object>> rows = Databases.query(Databases.PG_JDBC, "SELECT id, num::text num, flag,"
                + " t::text t, ts::text ts, extract(epoch from tstz)::bigint tstz, js::text js, encode(bin, 'hex') bin,"
                + " ints::text ints, cash FROM sqlsrc_pgtypes_pg.all_types ORDER BY id");
        assertThat(rows.get(0)).containsEntry("num", "123456789.125").containsEntry("flag", true)
                .containsEntry("t", "13:45:10.5").containsEntry("ts", "2024-01-02 03:04:05.123456")
                .containsEntry("tstz", 1704157445L).containsEntry("js", "{\"a\": 1}").containsEntry("bin", "deadbeef")
                .containsEntry("ints", "[1, 2, 3]").containsEntry("cash", "$12.50");
        assertThat(rows.get(1)).containsEntry("num", null).containsEntry("js", null);
    }
}
