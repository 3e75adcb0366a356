package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tables a source reads, how (queries, pages, parallel connections) and the hints it gives them. */
class SqlSourceTest {
    static final String SCHEMA = "sqlsrc_shop";
    /** Tables the tests add one by one: apart, so that the tests reading all tables of SCHEMA see the same. */
    static final String MISC = "sqlsrc_misc";

    @TempDir
    Path tmp;

    @BeforeAll
    static void tables() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".customers (id int PRIMARY KEY, name varchar(40) NOT NULL)",
                "CREATE TABLE " + SCHEMA + ".orders (id int, line int, customer_id int, total numeric(10,2),"
                        + " PRIMARY KEY (id, line))",
                "CREATE TABLE " + SCHEMA + ".tmp_scratch (x int)",
                "CREATE VIEW " + SCHEMA + ".big_orders AS SELECT * FROM " + SCHEMA + ".orders WHERE total > 10",
                "INSERT INTO " + SCHEMA + ".customers SELECT g, 'c' || g FROM generate_series(1, 25) g",
                "INSERT INTO " + SCHEMA + ".orders SELECT g, 1, g % 25 + 1, g * 1.25 FROM generate_series(1, 1000) g",
                "INSERT INTO " + SCHEMA + ".tmp_scratch VALUES (1)",
                "DROP SCHEMA IF EXISTS " + MISC + " CASCADE", "CREATE SCHEMA " + MISC);
    }

    private Pipeline pipeline(Path db) {
        return Pipeline.builder("shop").destination("duckdb:" + db).dataset("shop")
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of()).build();
    }

    private static List<String> names(Source s) {
        return s.resources().stream().map(Resource::name).toList();
    }

    @Test
    void allTablesOfASchemaOrThoseThePatternsSelect() {
        SqlSource shop = SqlSource.of(Databases.PG).schema(SCHEMA);
        assertThat(names(shop.toSource())).containsExactly("customers", "orders", "tmp_scratch");
        assertThat(names(shop.exclude("tmp_*").toSource())).containsExactly("customers", "orders");
        assertThat(names(shop.include("*ers").toSource())).containsExactly("customers", "orders");
        assertThat(names(shop.includeViews(true).toSource())).containsExactly("big_orders", "customers", "orders",
                "tmp_scratch");
        assertThat(names(shop.tables("orders").toSource())).containsExactly("orders");
        assertThat(shop.toSource().name()).isEqualTo("sql_database");
        assertThatThrownBy(() -> shop.include("nothing_*").toSource()).isInstanceOf(SqlSourceException.class)
                .hasMessageStartingWith("no table of schema sqlsrc_shop in PostgreSQL at host 127.0.0.1, port 5432,"
                        + " database test, user postgres matches include [nothing_*]; tables there: ");
    }

    @Test
    void reflectedTypesAndPrimaryKeysBecomeHintsAtEachLevel() {
        Resource orders = SqlSource.of(Databases.PG).schema(SCHEMA).tables("orders").toSource().resources().get(0);
        assertThat(orders.primaryKey()).containsExactly("id", "line");
        assertThat(orders.isParallelized()).isTrue();

        Resource full = SqlSource.of(Databases.PG).schema(SCHEMA).tables("customers").toSource().resources().get(0);
        assertThat(full.columns()).containsEntry("name", Column.builder("name", DataType.TEXT).nullable(false).build())
                .containsEntry("id", Column.builder("id", DataType.BIGINT).nullable(false).primaryKey(true).build());

        Resource precise = SqlSource.of(Databases.PG).schema(SCHEMA).tables("customers")
                .reflection(ReflectionLevel.FULL_WITH_PRECISION).toSource().resources().get(0);
        assertThat(precise.columns().get("name").precision()).hasValue(40);

        Resource minimal = SqlSource.of(Databases.PG).schema(SCHEMA).tables("customers")
                .reflection(ReflectionLevel.MINIMAL).toSource().resources().get(0);
        assertThat(minimal.columns()).isEmpty();
        assertThat(minimal.columnHints().get("name").nullable()).isFalse();
        assertThat(minimal.primaryKey()).containsExactly("id");
    }

    @Test
    void aCustomQueryIsATableOfItsOwn() {
        Path db = tmp.resolve("q.duckdb");
        Source s = SqlSource.of(Databases.PG).schema(SCHEMA).tables("big_spenders")
                .query("big_spenders", "SELECT customer_id, sum(total) AS spent FROM " + SCHEMA + ".orders"
                        + " GROUP BY customer_id HAVING sum(total) > 600;")
                .toSource();
        pipeline(db).run(s);
        assertThat(Databases.duck(db, "SELECT count(*) n, min(spent) >= 600 ok FROM shop.big_spenders"))
                .containsExactly(Map.of("n", 25L, "ok", true));
    }

    @Test
    void tablesStreamInPagesOfChunkSizeOverBoundedConnections() {
        CountingDataSource ds = new CountingDataSource(Databases.PG_JDBC);
        Path db = tmp.resolve("pages.duckdb");
        Source s = SqlSource.of(ds).schema(SCHEMA).exclude("tmp_*").chunkSize(100).workers(1).toSource();
        Pipeline p = pipeline(db);
        p.run(s);
        assertThat(Databases.duck(db, "SELECT count(*) n FROM shop.orders")).containsExactly(Map.of("n", 1000L));
        assertThat(Databases.duck(db, "SELECT count(*) n FROM shop.customers")).containsExactly(Map.of("n", 25L));
        assertThat(ds.maxOpen.get()).as("connections open at once with workers = 1").isEqualTo(1);
        assertThat(ds.open.get()).as("every connection closed").isZero();

        CountingDataSource two = new CountingDataSource(Databases.PG_JDBC);
        pipeline(tmp.resolve("pages2.duckdb")).run(SqlSource.of(two).schema(SCHEMA).chunkSize(100).workers(2)
                .toSource());
        assertThat(two.maxOpen.get()).isBetween(1, 2);
        assertThat(two.open.get()).isZero();
    }

    @Test
    void workersComeFromTheConfigWhenCodeSetsNone() throws Exception {
        Files.createDirectories(tmp.resolve(".dlt"));
        Files.writeString(tmp.resolve(".dlt/config.toml"), "[sources.sql_database]\nworkers = 1\n");
        CountingDataSource ds = new CountingDataSource(Databases.PG_JDBC);
        pipeline(tmp.resolve("cfg.duckdb")).run(SqlSource.of(ds).schema(SCHEMA).chunkSize(10).toSource());
        assertThat(ds.maxOpen.get()).isEqualTo(1);

        Files.writeString(tmp.resolve(".dlt/config.toml"), "[sources.sql_database]\nworkers = 0\n");
        assertThatThrownBy(() -> pipeline(tmp.resolve("cfg2.duckdb")).run(SqlSource.of(Databases.PG).schema(SCHEMA)
                .toSource())).hasMessageContaining("workers");
    }

    @Test
    void primaryKeysBecomeMergeKeys() {
        Databases.pg("DROP TABLE IF EXISTS " + MISC + ".prices",
                "CREATE TABLE " + MISC + ".prices (sku text PRIMARY KEY, price numeric(8,2))",
                "INSERT INTO " + MISC + ".prices VALUES ('a', 1.00), ('b', 2.00)");
        Path db = tmp.resolve("merge.duckdb");
        SqlSource prices = SqlSource.of(Databases.PG).schema(MISC).tables("prices")
                .applyHints(r -> r.writeDisposition(WriteDisposition.MERGE));
        pipeline(db).run(prices.toSource());
        Databases.pg("UPDATE " + MISC + ".prices SET price = 1.50 WHERE sku = 'a'",
                "INSERT INTO " + MISC + ".prices VALUES ('c', 3.00)");
        pipeline(db).run(prices.toSource());
        assertThat(Databases.duck(db, "SELECT sku, CAST(price AS VARCHAR) price FROM shop.prices ORDER BY sku"))
                .containsExactly(Map.of("sku", "a", "price", "1.50"), Map.of("sku", "b", "price", "2.00"),
                        Map.of("sku", "c", "price", "3.00"));
    }

    @Test
    void anUnknownVendorTypeLoadsAsTextWithAWarningNamingTheColumn() throws Exception {
        Databases.pg("DROP TABLE IF EXISTS " + MISC + ".odd",
                "CREATE TABLE " + MISC + ".odd (id int, span interval, addr inet)",
                "INSERT INTO " + MISC + ".odd VALUES (1, '1 day', '10.0.0.1')");
        try (var c = java.sql.DriverManager.getConnection(Databases.PG_JDBC)) {
            Reflector r = new Reflector(Connector.ofUri(Databases.PG), c);
            r.reflect(MISC, List.of("odd"), List.of(), List.of(), Map.of(), false);
            assertThat(r.warnings()).containsExactly(
                    "column span of table sqlsrc_misc.odd has type interval, which has no dlt data type: it loads as"
                            + " text",
                    "column addr of table sqlsrc_misc.odd has type inet, which has no dlt data type: it loads as"
                            + " text");
        }
        Path db = tmp.resolve("odd.duckdb");
        pipeline(db).run(SqlSource.of(Databases.PG).schema(MISC).tables("odd").toSource());
        assertThat(Databases.duck(db, "SELECT span, addr FROM shop.odd"))
                .containsExactly(Map.of("span", "1 day", "addr", "10.0.0.1"));
    }

    @Test
    void aColumnTypeTheDestinationCannotHoldIsNamedWithItsTable() {
        Databases.pg("DROP TABLE IF EXISTS " + MISC + ".wide",
                "CREATE TABLE " + MISC + ".wide (id int, amount numeric(60,4))",
                "INSERT INTO " + MISC + ".wide VALUES (1, 1.5)");
        Path db = tmp.resolve("wide.duckdb");
        assertThatThrownBy(() -> pipeline(db).run(SqlSource.of(Databases.PG).schema(MISC).tables("wide")
                .toSource()))
                .hasMessageContaining("wide").hasMessageContaining("amount").hasMessageContaining("60");
    }

    @Test
    void moreTablesThanExtractWorkersShareOneConnectionWithoutStalling() {
        String[] ddl = new String[2 + 16];
        ddl[0] = "DROP SCHEMA IF EXISTS sqlsrc_many CASCADE";
        ddl[1] = "CREATE SCHEMA sqlsrc_many";
        for (int i = 0; i < 8; i++) {
            ddl[2 + 2 * i] = "CREATE TABLE sqlsrc_many.t" + i + " (id int)";
            ddl[3 + 2 * i] = "INSERT INTO sqlsrc_many.t" + i + " SELECT generate_series(1, 50)";
        }
        Databases.pg(ddl);
        CountingDataSource ds = new CountingDataSource(Databases.PG_JDBC);
        Pipeline p = pipeline(tmp.resolve("many.duckdb"));
        // 8 tables, 5 extract workers (the default), 1 connection: a waiting table must not hold a worker
        p.run(SqlSource.of(ds).schema("sqlsrc_many").chunkSize(10).workers(1).toSource());
        Map<String, Long> counts = p.rowCounts().orElseThrow();
        for (int i = 0; i < 8; i++) {
            assertThat(counts).containsEntry("t" + i, 50L);
        }
        assertThat(ds.maxOpen.get()).isEqualTo(1);
    }
}
