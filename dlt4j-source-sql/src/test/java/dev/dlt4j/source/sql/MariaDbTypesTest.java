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

/** Every common MariaDB type round-trips into DuckDB and PostgreSQL with the right destination types. */
class MariaDbTypesTest {
    static final String DB = "sqlsrc_types";

    @TempDir
    Path tmp;

    @BeforeAll
    static void createTable() {
        Databases.maria("DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB,
                "CREATE TABLE " + DB + ".all_types (id int PRIMARY KEY, tiny tinyint, small smallint,"
                        + " big bigint NOT NULL, ubig bigint unsigned, num decimal(12,3), fl float, dbl double,"
                        + " flag boolean, txt text, vc varchar(20), ch char(3), d date, t time(3), dt datetime(6),"
                        + " ts timestamp NULL, js json, bin blob, vb varbinary(8), u uuid)",
                "INSERT INTO " + DB + ".all_types VALUES (1, -5, 7, 9000000000, 18446744073709551615,"
                        + " 123456789.125, 2.5, 3.25, true, 'hello', 'vc', 'abc', '2024-02-29', '13:45:10.5',"
                        + " '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05', '{\"a\": 1}', x'deadbeef', x'01ff',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')",
                "INSERT INTO " + DB + ".all_types (id, big) VALUES (2, 0)");
    }

    private Pipeline pipeline(String destination, String name, String dataset) {
        return Pipeline.builder(name).destination(destination).dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of()).build();
    }

    @Test
    void everyCommonTypeLoadsIntoDuckDbWithItsType() {
        Path db = tmp.resolve("types.duckdb");
        Source source = SqlSource.of(Databases.MARIA).schema(DB).tables("all_types").toSource();
        pipeline("duckdb:" + db, "mariatypes", "sqlsrc_mtypes").run(source);

        String url = "jdbc:duckdb:" + db.toAbsolutePath();
        assertThat(Databases.columnTypes(url, "sqlsrc_mtypes", "all_types")).containsAllEntriesOf(Map.ofEntries(
                Map.entry("id", "BIGINT"), Map.entry("tiny", "BIGINT"), Map.entry("small", "BIGINT"),
                Map.entry("big", "BIGINT"), Map.entry("ubig", "DECIMAL(20,0)"), Map.entry("num", "DECIMAL(12,3)"),
                Map.entry("fl", "DOUBLE"), Map.entry("dbl", "DOUBLE"), Map.entry("flag", "BOOLEAN"),
                Map.entry("txt", "VARCHAR"), Map.entry("vc", "VARCHAR"), Map.entry("d", "DATE"),
                Map.entry("t", "TIME"), Map.entry("dt", "TIMESTAMP"), Map.entry("ts", "TIMESTAMP WITH TIME ZONE"),
                Map.entry("js", "JSON"), Map.entry("bin", "BLOB"), Map.entry("vb", "BLOB"), Map.entry("u", "VARCHAR")));
        List<Map<String, Object>> rows = Databases.duck(db, "SELECT id, tiny, CAST(ubig AS VARCHAR) ubig,"
                + " CAST(num AS VARCHAR) num, fl, flag, txt, ch, CAST(d AS VARCHAR) d, CAST(t AS VARCHAR) t,"
                + " CAST(dt AS VARCHAR) dt, CAST(js AS VARCHAR) js, hex(bin) bin, hex(vb) vb, u"
                + " FROM sqlsrc_mtypes.all_types ORDER BY id");
        assertThat(rows.get(0)).containsEntry("id", 1L).containsEntry("tiny", -5L)
                .containsEntry("ubig", "18446744073709551615").containsEntry("num", "123456789.125")
                .containsEntry("fl", 2.5).containsEntry("flag", true).containsEntry("txt", "hello")
                .containsEntry("ch", "abc").containsEntry("d", "2024-02-29").containsEntry("t", "13:45:10.5")
                .containsEntry("dt", "2024-01-02 03:04:05.123456").containsEntry("js", "{\"a\":1}")
                .containsEntry("bin", "DEADBEEF").containsEntry("vb", "01FF")
                .containsEntry("u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(rows.get(1)).containsEntry("tiny", null).containsEntry("js", null);
    }

    @Test
    void everyCommonTypeLoadsIntoPostgresWithItsType() {
        Databases.pg("DROP SCHEMA IF EXISTS sqlsrc_mtypes_pg CASCADE");
        Source source = SqlSource.of(Databases.MARIA).schema(DB).tables("all_types").toSource();
        pipeline(Databases.PG, "mariatypes_pg", "sqlsrc_mtypes_pg").run(source);

        assertThat(Databases.columnTypes(Databases.PG_JDBC, "sqlsrc_mtypes_pg", "all_types")).containsAllEntriesOf(
                Map.ofEntries(Map.entry("id", "bigint"), Map.entry("ubig", "numeric"), Map.entry("num", "numeric"),
                Map.entry("fl", "double precision"), Map.entry("flag", "boolean"), Map.entry("d", "date"),
                Map.entry("t", "time without time zone"), Map.entry("dt", "timestamp without time zone"),
                Map.entry("ts", "timestamp with time zone"), Map.entry("js", "jsonb"), Map.entry("bin", "bytea")));
        List<Map<String, Object>> rows = Databases.query(Databases.PG_JDBC, "SELECT ubig::text ubig, num::text num,"
                + " dt::text dt, js::text js, encode(bin, 'hex') bin FROM sqlsrc_mtypes_pg.all_types ORDER BY id");
        assertThat(rows.get(0)).containsEntry("ubig", "18446744073709551615").containsEntry("num", "123456789.125")
                .containsEntry("dt", "2024-01-02 03:04:05.123456").containsEntry("js", "{\"a\": 1}")
                .containsEntry("bin", "deadbeef");
    }
}
