package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Incremental;
import dev.dlt4j.Pipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table whose columns a typed page holds is extracted as typed pages ({@code typed-columns}
 * files), and loads into the same table, types and values as the same rows read as row maps (the
 * same table with a json column, which a page cannot hold), for every scalar type of PostgreSQL and
 * MariaDB, nulls included; an incremental table too; a page ends at about 2 MB of values.
 */
class TypedPagesTest {
    static final String SCHEMA = "sqlspeed_typed";

    @TempDir
    Path tmp;

    @BeforeAll
    static void createTables() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".scalars (id integer PRIMARY KEY, small smallint, big bigint NOT NULL,"
                        + " num numeric(12,3), num_free numeric, real_col real, dbl double precision, flag boolean,"
                        + " txt text, vc varchar(20), ch char(3), d date, t time, ts timestamp, tstz timestamptz,"
                        + " bin bytea, u uuid, cash money)",
                "INSERT INTO " + SCHEMA + ".scalars VALUES (1, 7, 9000000000, 123456789.125, 1.5, 2.5, 3.25, true,"
                        + " 'hello', 'vc', 'abc', '2024-02-29', '13:45:10.5', '2024-01-02 03:04:05.123456',"
                        + " '2024-01-02 03:04:05+02', '\\xdeadbeef', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 12.50),"
                        + " (3, -1, -9000000000, -0.001, 1e-20, -0.0, 'NaN', false, '2024-01-02T03:04:05', '', ' ',"
                        + " '0001-01-01', '00:00:00', '1970-01-01 00:00:00', '1969-12-31 23:59:59.999999-08', '\\x',"
                        + " '00000000-0000-0000-0000-000000000000', -0.5)",
                "INSERT INTO " + SCHEMA + ".scalars (id, big) VALUES (2, 0)",
                // the same table with a json column, which a typed page cannot hold: read as rows
                "CREATE TABLE " + SCHEMA + ".scalars_rows (LIKE " + SCHEMA + ".scalars INCLUDING ALL, js json)",
                "INSERT INTO " + SCHEMA + ".scalars_rows SELECT *, NULL FROM " + SCHEMA + ".scalars",
                "CREATE TABLE " + SCHEMA + ".wide (id integer PRIMARY KEY, body text)",
                "INSERT INTO " + SCHEMA + ".wide SELECT g, repeat('x', 20000) FROM generate_series(1, 400) g",
                "CREATE TABLE " + SCHEMA + ".wide_rows AS SELECT *, NULL::json js FROM " + SCHEMA + ".wide");
        Databases.maria("DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".scalars (id int PRIMARY KEY, tiny tinyint, small smallint,"
                        + " big bigint NOT NULL, ubig bigint unsigned, num decimal(12,3), fl float, dbl double,"
                        + " flag boolean, txt text, vc varchar(20), ch char(3), d date, t time(3), dt datetime(6),"
                        + " ts timestamp NULL, bin blob, vb varbinary(8), u uuid, y year)",
                "INSERT INTO " + SCHEMA + ".scalars VALUES (1, -5, 7, 9000000000, 18446744073709551615,"
                        + " 123456789.125, 2.5, 3.25, true, 'hello', 'vc', 'abc', '2024-02-29', '13:45:10.5',"
                        + " '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05', x'deadbeef', x'01ff',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 2024),"
                        + " (3, 127, -1, -9000000000, 0, -0.001, -0.5, 1e300, false, '2024-01-02T03:04:05', '', '',"
                        + " '1000-01-01', '-838:59:59', '1970-01-01 00:00:01', '1970-01-01 00:00:01', x'', x'',"
                        + " '00000000-0000-0000-0000-000000000000', 1901)",
                "INSERT INTO " + SCHEMA + ".scalars (id, big) VALUES (2, 0)",
                "CREATE TABLE " + SCHEMA + ".scalars_rows LIKE " + SCHEMA + ".scalars",
                "ALTER TABLE " + SCHEMA + ".scalars_rows ADD js json",
                "INSERT INTO " + SCHEMA + ".scalars_rows SELECT *, NULL FROM " + SCHEMA + ".scalars");
    }

    @AfterAll
    static void dropTables() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "DROP SCHEMA IF EXISTS " + SCHEMA + "_pg CASCADE");
        Databases.maria("DROP DATABASE IF EXISTS " + SCHEMA);
    }

    @Test
    void postgresTablesLoadTheSameThroughPagesAsThroughRows() {
        sameTablesThroughPagesAndRows(Databases.PG);
    }

    @Test
    void mariaDbTablesLoadTheSameThroughPagesAsThroughRows() {
        sameTablesThroughPagesAndRows(Databases.MARIA);
    }

    private void sameTablesThroughPagesAndRows(String source) {
        Path db = tmp.resolve("typed.duckdb");
        Pipeline pipeline = pipeline("duckdb:" + db, "sqlspeed_pages", SCHEMA + "_duck");
        pipeline.extract(SqlSource.of(source).schema(SCHEMA).tables("scalars", "scalars_rows").toSource());
        List<String> files = extractedFiles(tmp.resolve("pipelines/sqlspeed_pages"));
        assertThat(files).as("typed pages for scalars, rows for scalars_rows (json column)")
                .anyMatch(f -> f.startsWith("scalars.") && f.contains("typed-columns"))
                .noneMatch(f -> f.startsWith("scalars.") && f.contains("typed-rows"))
                .anyMatch(f -> f.startsWith("scalars_rows.") && f.contains("typed-rows"));
        pipeline.normalize();
        pipeline.load();
        String url = "jdbc:duckdb:" + db.toAbsolutePath();
        sameTables(url, SCHEMA + "_duck", "CAST(\"%s\" AS VARCHAR) \"%s\"");
        List<Map<String, Object>> viaPages = Databases.query(url, "SELECT CAST(id AS VARCHAR) id, CAST(big AS VARCHAR)"
                + " big, txt, CAST(num AS VARCHAR) num FROM " + SCHEMA + "_duck.scalars ORDER BY id");
        assertThat(viaPages.get(0)).containsEntry("id", "1").containsEntry("big", "9000000000")
                .containsEntry("txt", "hello");
        assertThat(viaPages.get(1)).containsEntry("id", "2").containsEntry("num", null);
    }

    /** {@code scalars} (typed pages) and {@code scalars_rows} (rows) of a dataset: same column types, same values. */
    private static void sameTables(String url, String dataset, String cast) {
        Map<String, String> types = Databases.columnTypes(url, dataset, "scalars");
        Map<String, String> rowTypes = new java.util.LinkedHashMap<>(Databases.columnTypes(url, dataset, "scalars_rows"));
        rowTypes.remove("js");
        assertThat(types).containsKey("big").isEqualTo(rowTypes);
        String columns = String.join(", ", types.keySet().stream().filter(c -> !c.equals("_dlt_load_id")
                && !c.equals("_dlt_id")).map(c -> String.format(cast, c, c)).toList());
        List<Map<String, Object>> viaPages = Databases.query(url, "SELECT " + columns + " FROM " + dataset
                + ".scalars ORDER BY id");
        assertThat(viaPages).hasSize(3).isEqualTo(Databases.query(url, "SELECT " + columns + " FROM " + dataset
                + ".scalars_rows ORDER BY id"));
    }

    @Test
    void postgresTablesLoadTheSameIntoPostgresThroughPagesAsThroughRows() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + "_pg CASCADE");
        pipeline(Databases.PG, "sqlspeed_pg", SCHEMA + "_pg")
                .run(SqlSource.of(Databases.PG).schema(SCHEMA).tables("scalars", "scalars_rows").toSource());
        assertThat(Databases.columnTypes(Databases.PG_JDBC, SCHEMA + "_pg", "scalars"))
                .containsEntry("tstz", "timestamp with time zone");
        sameTables(Databases.PG_JDBC, SCHEMA + "_pg", "\"%s\"::text \"%s\"");
        Databases.pg("DROP SCHEMA " + SCHEMA + "_pg CASCADE");
    }

    @Test
    void anIncrementalTableIsReadAsTypedPagesAndFilteredRowByRow() {
        Path db = tmp.resolve("incremental.duckdb");
        Pipeline pipeline = pipeline("duckdb:" + db, "sqlspeed_incremental", SCHEMA + "_inc");
        SqlSource source = SqlSource.of(Databases.PG).schema(SCHEMA).tables("scalars")
                .applyHints(r -> r.incremental(Incremental.on("id")));
        pipeline.extract(source.toSource());
        assertThat(extractedFiles(tmp.resolve("pipelines/sqlspeed_incremental")))
                .anyMatch(f -> f.startsWith("scalars.") && f.contains("typed-columns"));
        pipeline.normalize();
        pipeline.load();
        pipeline.run(source.toSource()); // the cursor is at id 3: only the boundary row again, deduplicated
        assertThat(Databases.duck(db, "SELECT count(*) n, count(DISTINCT id) d FROM " + SCHEMA + "_inc.scalars"))
                .containsExactly(Map.of("n", 3L, "d", 3L));
    }

    @Test
    void aMapOnATableSeesRowsWhetherTheTableIsReadAsTypedPagesOrAsRows() {
        List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        pipeline("duckdb:" + tmp.resolve("map.duckdb"), "sqlspeed_map", SCHEMA + "_map").extract(SqlSource.of(Databases.PG)
                .schema(SCHEMA).tables("scalars").applyHints(r -> r.map(item -> {
                    seen.add(item);
                    return item;
                })).toSource());
        // a typed page reaches a step row by row, as maps, as rows do (dlt's steps see a page's rows)
        assertThat(seen).hasSize(3).allSatisfy(row -> assertThat(row).isInstanceOf(Map.class));
        seen.clear();
        pipeline("duckdb:" + tmp.resolve("map.duckdb"), "sqlspeed_map_rows", SCHEMA + "_map").extract(
                SqlSource.of(Databases.PG).schema(SCHEMA).tables("scalars_rows").applyHints(r -> r.map(item -> {
                    seen.add(item);
                    return item;
                })).toSource());
        assertThat(seen).hasSize(3).allSatisfy(row -> assertThat(row).isInstanceOf(Map.class));
    }

    @Test
    void aPageEndsAtAboutTwoMegabytesOfValuesBeforeChunkSizeRows() {
        // 400 rows of 20,000 characters (8 MB) with chunk_size 1000: a page holds about 2 MB, ~105 rows;
        // limit(1) loads the first page only, through typed pages (wide) and through rows (wide_rows: json)
        for (String table : new String[] {"wide", "wide_rows"}) {
            Path db = tmp.resolve(table + ".duckdb");
            SqlSource source = SqlSource.of(Databases.PG).schema(SCHEMA).tables(table).chunkSize(1000)
                    .applyHints(r -> r.limit(1));
            pipeline("duckdb:" + db, "sqlspeed_" + table, SCHEMA + "_wide").run(source.toSource());
            long loaded = (Long) Databases.duck(db, "SELECT count(*) n FROM " + SCHEMA + "_wide." + table).get(0)
                    .get("n");
            assertThat(loaded).as("rows of the first page of " + table).isBetween(95L, 110L);
        }
    }

    private Pipeline pipeline(String destination, String name, String dataset) {
        return Pipeline.builder(name).destination(destination).dataset(dataset).pipelinesDir(tmp.resolve("pipelines"))
                .projectDir(tmp).environment(Map.of()).build();
    }

    /** The names of the files under a pipeline's folder (its packages, extracted files included). */
    private static List<String> extractedFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
