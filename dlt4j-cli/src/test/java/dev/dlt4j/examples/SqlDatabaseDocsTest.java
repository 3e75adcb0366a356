package dev.dlt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of {@code docs/sql_database.md} do what the page says, against the tests' PostgreSQL. */
class SqlDatabaseDocsTest {
    static final String URL = "postgresql://postgres@127.0.0.1:5432/test";
    static final String SCHEMA = "sqlsrc_doc";

    @TempDir
    Path tmp;

    static void exec(String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    @BeforeAll
    static void tables() throws SQLException {
        exec("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".customers (id int PRIMARY KEY, name varchar(40))",
                "CREATE TABLE " + SCHEMA + ".orders (id int PRIMARY KEY, customer_id int, total numeric(10,2),"
                        + " updated_at timestamp NOT NULL)",
                "CREATE TABLE " + SCHEMA + ".tmp_import (x int)",
                "INSERT INTO " + SCHEMA + ".customers VALUES (1, 'ann'), (2, 'bob')",
                "INSERT INTO " + SCHEMA + ".orders VALUES (1, 1, 80.00, '2024-01-01'), (2, 1, 30.00, '2024-01-02'),"
                        + " (3, 2, 20.00, '2024-01-03')");
    }

    private Pipeline pipeline(String name) {
        return Pipeline.builder(name).destination("duckdb:" + tmp.resolve(name + ".duckdb")).dataset(name + "_data")
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of()).build();
    }

    private Object scalar(String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve(db + ".duckdb"));
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private SqlDatabaseDocExamples examples() {
        return new SqlDatabaseDocExamples(URL, SCHEMA);
    }

    @Test
    void theQuickStartCopiesTwoTablesWithTheirTypesAndKeys() throws SQLException {
        Pipeline p = pipeline("shop");
        LoadInfo info = examples().quickStart(p);
        assertThat(info.rows("orders")).isEqualTo(3);
        assertThat(p.rowCounts().orElseThrow()).containsEntry("orders", 3L).containsEntry("customers", 2L);
        assertThat(scalar("shop", "SELECT data_type FROM information_schema.columns WHERE table_name = 'orders'"
                + " AND column_name = 'total'")).isEqualTo("DECIMAL(10,2)");
    }

    @Test
    void selectingLeavesOutExcludedTablesAndAddsTheQuery() {
        Source some = examples().selecting();
        assertThat(some.resources().stream().map(Resource::name)).containsExactly("customers", "orders",
                "big_spenders");
        Pipeline p = pipeline("some");
        p.run(some);
        assertThat(p.rowCounts().orElseThrow()).containsEntry("big_spenders", 1L);
        Resource customers = some.resources().get(0);
        assertThat(customers.columns().get("name").precision()).hasValue(40);
    }

    @Test
    void theIncrementalMergeLoadsChangedRowsOnce() throws SQLException {
        Pipeline p = pipeline("inc");
        examples().incremental(p);
        exec("UPDATE " + SCHEMA + ".orders SET total = 99.00, updated_at = '2024-02-01' WHERE id = 2",
                "INSERT INTO " + SCHEMA + ".orders VALUES (4, 2, 5.00, '2024-02-02')");
        try {
            examples().incremental(p);
            assertThat(scalar("inc", "SELECT count(*) FROM inc_data.orders")).isEqualTo(4L);
            assertThat(scalar("inc", "SELECT CAST(total AS VARCHAR) FROM inc_data.orders WHERE id = 2"))
                    .isEqualTo("99.00");
        } finally {
            exec("DELETE FROM " + SCHEMA + ".orders WHERE id = 4",
                    "UPDATE " + SCHEMA + ".orders SET total = 30.00, updated_at = '2024-01-02' WHERE id = 2");
        }
    }
}
