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
 * path an incremental cursor takes), for every scalar type of PostgreSQL and MariaDB, nulls included.
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
                "CREATE TABLE " + SCHEMA + ".wide (id integer PRIMARY KEY, body text)",
                "INSERT INTO " + SCHEMA + ".wide SELECT g, repeat('x', 20000) FROM generate_series(1, 400) g");
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
                "INSERT INTO " + SCHEMA + ".scalars (id, big) VALUES (2, 0)");
    }

    @AfterAll
    static void dropTables() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "DROP SCHEMA IF EXISTS " + SCHEMA + "_pages CASCADE",
                "DROP SCHEMA IF EXISTS " + SCHEMA + "_rows CASCADE");
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
        Pipeline pages = pipeline("duckdb:" + db, "sqlspeed_pages", SCHEMA + "_pages");
        pages.extract(SqlSource.of(source).schema(SCHEMA).tables("scalars").toSource());
        assertThat(extractedFiles(tmp.resolve("pipelines/sqlspeed_pages"))).as("typed pages were written")
                .anyMatch(f -> f.contains("scalars") && f.contains("typed-columns"))
                .noneMatch(f -> f.contains("scalars") && f.contains("typed-rows"));
        pages.normalize();
        pages.load();
        Pipeline rows = pipeline("duckdb:" + db, "sqlspeed_rows", SCHEMA + "_rows");
        rows.extract(SqlSource.of(source).schema(SCHEMA).tables("scalars")
                .applyHints(r -> r.incremental(Incremental.on("id"))).toSource());
        assertThat(extractedFiles(tmp.resolve("pipelines/sqlspeed_rows"))).as("rows were written")
                .anyMatch(f -> f.contains("scalars") && f.contains("typed-rows"));
        rows.normalize();
        rows.load();

        String url = "jdbc:duckdb:" + db.toAbsolutePath();
        Map<String, String> types = Databases.columnTypes(url, SCHEMA + "_pages", "scalars");
        assertThat(types).isEqualTo(Databases.columnTypes(url, SCHEMA + "_rows", "scalars")).containsKey("big");
        String columns = String.join(", ", types.keySet().stream().filter(c -> !c.equals("_dlt_load_id")
                && !c.equals("_dlt_id")).map(c -> "CAST(\"" + c + "\" AS VARCHAR) \"" + c + "\"").toList());
        List<Map<String, Object>> viaPages = Databases.duck(db, "SELECT " + columns + " FROM " + SCHEMA
                + "_pages.scalars ORDER BY id");
        assertThat(viaPages).hasSize(3).isEqualTo(Databases.duck(db, "SELECT " + columns + " FROM " + SCHEMA
                + "_rows.scalars ORDER BY id"));
        assertThat(viaPages.get(0)).containsEntry("id", "1").containsEntry("big", "9000000000")
                .containsEntry("txt", "hello");
        assertThat(viaPages.get(1)).containsEntry("id", "2").containsEntry("num", null);
    }

    @Test
    void postgresTablesLoadTheSameIntoPostgresThroughPagesAsThroughRows() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + "_pg_pages CASCADE", "DROP SCHEMA IF EXISTS " + SCHEMA
                + "_pg_rows CASCADE");
        pipeline(Databases.PG, "sqlspeed_pg_pages", SCHEMA + "_pg_pages")
                .run(SqlSource.of(Databases.PG).schema(SCHEMA).tables("scalars").toSource());
        pipeline(Databases.PG, "sqlspeed_pg_rows", SCHEMA + "_pg_rows").run(SqlSource.of(Databases.PG).schema(SCHEMA)
                .tables("scalars").applyHints(r -> r.incremental(Incremental.on("id"))).toSource());
        Map<String, String> types = Databases.columnTypes(Databases.PG_JDBC, SCHEMA + "_pg_pages", "scalars");
        assertThat(types).isEqualTo(Databases.columnTypes(Databases.PG_JDBC, SCHEMA + "_pg_rows", "scalars"))
                .containsEntry("tstz", "timestamp with time zone");
        String columns = String.join(", ", types.keySet().stream().filter(c -> !c.equals("_dlt_load_id")
                && !c.equals("_dlt_id")).map(c -> "\"" + c + "\"::text").toList());
        List<Map<String, Object>> viaPages = Databases.query(Databases.PG_JDBC, "SELECT " + columns + " FROM " + SCHEMA
                + "_pg_pages.scalars ORDER BY id");
        assertThat(viaPages).hasSize(3).isEqualTo(Databases.query(Databases.PG_JDBC, "SELECT " + columns + " FROM "
                + SCHEMA + "_pg_rows.scalars ORDER BY id"));
        Databases.pg("DROP SCHEMA " + SCHEMA + "_pg_pages CASCADE", "DROP SCHEMA " + SCHEMA + "_pg_rows CASCADE");
    }

    @Test
    void aMapOnATableSeesTypedPagesWhereTheTableHasThemAndRowsOtherwise() {
        List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        pipeline("duckdb:" + tmp.resolve("map.duckdb"), "sqlspeed_map", SCHEMA + "_map").extract(SqlSource.of(Databases.PG)
                .schema(SCHEMA).tables("scalars").applyHints(r -> r.map(item -> {
                    seen.add(item);
                    return item;
                })).toSource());
        assertThat(seen).hasSize(1).first().isInstanceOfSatisfying(dev.dlt4j.ColumnPage.class,
                p -> assertThat(p.rowCount()).isEqualTo(3));
        seen.clear();
        pipeline("duckdb:" + tmp.resolve("map.duckdb"), "sqlspeed_map_rows", SCHEMA + "_map").extract(
                SqlSource.of(Databases.PG).schema(SCHEMA).tables("scalars").applyHints(r -> r
                        .incremental(Incremental.on("id")).map(item -> {
                            seen.add(item);
                            return item;
                        })).toSource());
        assertThat(seen).hasSize(3).allSatisfy(row -> assertThat(row).isInstanceOf(Map.class));
    }

    @Test
    void aPageEndsAtAboutTwoMegabytesOfValuesBeforeChunkSizeRows() {
        // 400 rows of 20,000 characters (8 MB) with chunk_size 1000: a page holds about 2 MB, ~105 rows;
        // limit(1) loads the first page only, through typed pages and through rows (incremental)
        for (boolean incremental : new boolean[] {false, true}) {
            Path db = tmp.resolve("wide-" + incremental + ".duckdb");
            SqlSource source = SqlSource.of(Databases.PG).schema(SCHEMA).tables("wide").chunkSize(1000);
            source = incremental ? source.applyHints(r -> r.incremental(Incremental.on("id")).limit(1))
                    : source.applyHints(r -> r.limit(1));
            pipeline("duckdb:" + db, "sqlspeed_wide_" + incremental, SCHEMA + "_wide").run(source.toSource());
            long loaded = (Long) Databases.duck(db, "SELECT count(*) n FROM " + SCHEMA + "_wide.wide").get(0).get("n");
            assertThat(loaded).as("rows of the first page, incremental " + incremental).isBetween(95L, 110L);
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
