package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlt4j ingest} copies database tables into a destination, and says clearly why when it cannot. */
class IngestCommandTest {
    static final String PG = "postgresql://postgres@127.0.0.1:5432/test";
    static final String MARIA = "mysql://root@127.0.0.1:3306/sqlsrc_cli";

    @TempDir
    Path tmp;

    static void exec(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    @BeforeAll
    static void tables() throws SQLException {
        exec("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "DROP SCHEMA IF EXISTS sqlsrc_cli CASCADE",
                "CREATE SCHEMA sqlsrc_cli",
                "CREATE TABLE sqlsrc_cli.orders (id int PRIMARY KEY, total numeric(10,2), updated_at timestamp)",
                "INSERT INTO sqlsrc_cli.orders SELECT g, g * 1.5, timestamp '2024-01-01' + g * interval '1 hour'"
                        + " FROM generate_series(1, 100) g",
                "CREATE TABLE sqlsrc_cli.customers (id int PRIMARY KEY, name text)",
                "INSERT INTO sqlsrc_cli.customers VALUES (1, 'ann'), (2, 'bob')");
        exec("jdbc:mariadb://127.0.0.1:3306/test?user=root", "DROP DATABASE IF EXISTS sqlsrc_cli",
                "CREATE DATABASE sqlsrc_cli", "CREATE TABLE sqlsrc_cli.items (id int PRIMARY KEY, sku varchar(10))",
                "INSERT INTO sqlsrc_cli.items VALUES (1, 'a'), (2, 'b'), (3, 'c')",
                "CREATE TABLE sqlsrc_cli.notes (id int PRIMARY KEY, body text)",
                "INSERT INTO sqlsrc_cli.notes VALUES (1, 'x')");
    }

    private IngestRun ingest(String... args) {
        return IngestRun.ingest(tmp.resolve("pipelines"), args);
    }

    private Object scalar(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("store.duckdb"));
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private String duck() {
        return "duckdb:" + tmp.resolve("store.duckdb");
    }

    @Test
    void aPostgresTableIsCopiedIntoDuckDbAndItsPipelineCanBeInspected() throws SQLException {
        IngestRun run = ingest("--source", PG, "--table", "sqlsrc_cli.orders", "--dest", duck(), "--dataset", "shop");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(scalar("SELECT count(*) FROM shop.orders")).isEqualTo(100L);
        assertThat(scalar("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders'"
                + " AND column_name = 'total'")).isEqualTo("DECIMAL(10,2)");
        assertThat(run.out()).contains("Pipeline ingest_test_sqlsrc_cli_orders_shop: rows in duckdb")
                .containsPattern("(?m)^\\s+orders\\s+100$");

        for (String command : List.of("info", "trace")) {
            StringWriter out = new StringWriter();
            int code = Main.commandLine().setOut(new PrintWriter(out)).execute("pipeline", "--pipelines-dir",
                    tmp.resolve("pipelines").toString(), "ingest_test_sqlsrc_cli_orders_shop", command);
            assertThat(code).as(command).isZero();
            assertThat(out.toString()).as(command).contains("shop");
        }
    }

    @Test
    void allTablesMatchingAPatternAreCopiedFromMariaDb() throws SQLException {
        IngestRun run = ingest("--source", MARIA, "--tables", "sqlsrc_cli.*", "--dest", duck(), "--dataset", "maria",
                "--pipeline", "maria_copy", "--progress", "log");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(scalar("SELECT count(*) FROM maria.items")).isEqualTo(3L);
        assertThat(scalar("SELECT count(*) FROM maria.notes")).isEqualTo(1L);
    }

    @Test
    void mergeWithThePrimaryKeyUpdatesRowsInsteadOfAddingThem() throws SQLException {
        String[] args = {"--source", PG, "--table", "sqlsrc_cli.customers", "--dest", duck(), "--dataset", "crm",
            "--strategy", "merge"};
        assertThat(ingest(args).code()).isZero();
        exec("jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                "UPDATE sqlsrc_cli.customers SET name = 'anne' WHERE id = 1");
        try {
            IngestRun again = ingest(args);
            assertThat(again.code()).as(again.err()).isZero();
            assertThat(scalar("SELECT count(*) FROM crm.customers")).isEqualTo(2L);
            assertThat(scalar("SELECT name FROM crm.customers WHERE id = 1")).isEqualTo("anne");
        } finally {
            exec("jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                    "UPDATE sqlsrc_cli.customers SET name = 'ann' WHERE id = 1");
        }
    }

    @Test
    void anIncrementalKeyLoadsOnlyWhatIsNewOnTheNextRun() throws SQLException {
        exec("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "DROP SCHEMA IF EXISTS sqlsrc_cli_inc CASCADE",
                "CREATE SCHEMA sqlsrc_cli_inc", "CREATE TABLE sqlsrc_cli_inc.events (id int PRIMARY KEY, at timestamp NOT NULL)",
                "INSERT INTO sqlsrc_cli_inc.events SELECT g, timestamp '2024-01-01' + g * interval '1 hour'"
                        + " FROM generate_series(1, 10) g");
        String[] args = {"--source", PG, "--table", "sqlsrc_cli_inc.events", "--dest", duck(), "--dataset", "ev",
            "--incremental-key", "at"};
        assertThat(ingest(args).code()).isZero();
        exec("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "INSERT INTO sqlsrc_cli_inc.events SELECT g,"
                + " timestamp '2024-01-01' + g * interval '1 hour' FROM generate_series(11, 15) g");
        IngestRun again = ingest(args);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).containsPattern("(?m)^\\s+events\\s+15$");
        assertThat(scalar("SELECT count(DISTINCT id) FROM ev.events")).isEqualTo(15L);
        assertThat(scalar("SELECT count(*) FROM ev.events")).isEqualTo(15L);
    }

    @Test
    void anUnreachableDatabaseFailsWithOneLineAndLoadsNothing() {
        IngestRun run = ingest("--source", "postgresql://postgres:pw-s3cret@127.0.0.1:5499/test", "--table",
                "sqlsrc_cli.orders", "--dest", duck(), "--dataset", "shop");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("dlt4j: cannot connect to PostgreSQL at host 127.0.0.1, port 5499,"
                + " database test, user postgres to read table sqlsrc_cli.orders: the server cannot be reached")
                .endsWith("check that the database server runs and that host and port are right")
                .doesNotContain("pw-s3cret").doesNotContain("\n");
        assertThat(tmp.resolve("store.duckdb")).doesNotExist();
    }

    @Test
    void anUnknownTableIsNamedWithTheTablesThere() {
        IngestRun run = ingest("--source", PG, "--table", "sqlsrc_cli.ordrs", "--dest", duck(), "--dataset", "shop");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("dlt4j: table sqlsrc_cli.ordrs does not exist in PostgreSQL at host 127.0.0.1,"
                + " port 5432, database test, user postgres (or the user cannot see it); tables there: customers,"
                + " orders; check the name in tables / table_names / --table");
    }

    @Test
    void badFlagsSayWhatIsAllowed() {
        IngestRun strategy = ingest("--source", PG, "--table", "sqlsrc_cli.orders", "--dest", duck(), "--dataset", "s",
                "--strategy", "upsert");
        assertThat(strategy.code()).isEqualTo(2);
        assertThat(strategy.err()).contains("--strategy 'upsert' is not valid; allowed: append, replace, merge");

        IngestRun scheme = ingest("--source", "oracle://scott:tiger@db/x", "--dest", duck(), "--dataset", "s");
        assertThat(scheme.code()).isEqualTo(2);
        assertThat(scheme.err()).contains("--source 'oracle://scott:***@db/x' is not a URI any source takes;"
                + " sql_database takes postgresql://, mysql://, mariadb:// and jdbc: URIs").doesNotContain("tiger");

        IngestRun schemas = ingest("--source", PG, "--table", "a.x", "--table", "b.y", "--dest", duck(), "--dataset", "s");
        assertThat(schemas.code()).isEqualTo(2);
        assertThat(schemas.err()).contains("tables of one ingest come from one schema; got a and b");
    }

    @Test
    void theDerivedPipelineNameDependsOnSourceTablesAndDataset() {
        IngestCommand c = new IngestCommand();
        c.source = "postgresql://u:secret@h:5432/shop?sslmode=require";
        c.tables = List.of("public.orders");
        c.dataset = "raw";
        c.destination = "duckdb:x.duckdb";
        assertThat(c.derivedName()).isEqualTo("ingest_shop_public_orders_raw");
        c.tables = List.of();
        c.tablePatterns = List.of("public.*");
        assertThat(c.derivedName()).isEqualTo("ingest_shop_public_all_raw");
    }
}
