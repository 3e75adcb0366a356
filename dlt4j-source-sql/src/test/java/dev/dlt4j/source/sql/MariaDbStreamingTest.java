package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How MariaDB's rows reach the reader: the server sends them while it reads the table (the statement
 * still executing after the first page: no cursor, no temporary table filled first); a reader closed
 * before the end stops the server's query instead of reading the rest; a connection lost in the middle
 * of a table fails naming server, database and table.
 */
class MariaDbStreamingTest {
    static final String SCHEMA = "mariafast_stream";
    /** 200,000 rows of about 110 bytes: far more than the socket buffers hold, so the server cannot be done early. */
    static final int ROWS = 200_000;
    /** A query whose rows after the 2,000th come at 100 a second: its rest would take about 16 minutes. */
    static final String SLOW = "SELECT seq AS id, IF(seq > 2000, SLEEP(0.01), 0) AS s FROM seq_1_to_100000";

    @TempDir
    Path tmp;

    @BeforeAll
    static void createTable() {
        Databases.maria("DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".big (id bigint PRIMARY KEY, name text)",
                "INSERT INTO " + SCHEMA + ".big SELECT seq, concat('name ', seq, ' ', repeat('x', 90)) FROM seq_1_to_"
                        + ROWS);
    }

    @AfterAll
    static void dropTable() {
        Databases.maria("DROP DATABASE IF EXISTS " + SCHEMA);
    }

    @Test
    void theServerStillSendsTheRowsAfterTheFirstPage() {
        SqlTable big = reflect("big", Map.of());
        try (TableReader reader = reader(big, 1_000)) {
            ColumnPage first = firstPage(reader);
            assertThat(first.rowCount()).isEqualTo(1_000);
            // the statement runs on: the server writes rows as it reads the table and waits for the reader;
            // a cursor would have filled a temporary table and left the connection idle between fetches
            List<Map<String, Object>> running = serverThreads("SELECT * FROM `" + SCHEMA + "`.`big`");
            assertThat(running).hasSize(1);
            assertThat(running.get(0).get("COMMAND")).isEqualTo("Execute");
            assertThat(String.valueOf(running.get(0).get("STATE"))).isIn("Writing to net", "Sending data");
        }
        assertThat(serverThreads("SELECT * FROM `" + SCHEMA + "`.`big`")).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aReaderClosedBeforeTheEndStopsTheServersQuery() {
        SqlTable slow = reflect("slow", Map.of("slow", SLOW));
        long t0 = System.nanoTime();
        try (TableReader reader = reader(slow, 1_000)) {
            assertThat(firstPage(reader).rowCount()).isEqualTo(1_000);
        }
        // reading the rest to close it would take the server about 16 minutes
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
        assertThat(serverThreads(SLOW)).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPooledConnectionServesTheNextStatementAfterItsReaderWasClosedBeforeTheEnd() throws Exception {
        try (Connection real = java.sql.DriverManager.getConnection(Databases.MARIA_JDBC)) {
            javax.sql.DataSource pool = onePooledConnection(real);
            Connector connector = Connector.ofDataSource(pool);
            SqlTable slow = reflect("slow", Map.of("slow", SLOW));
            try (TableReader reader = new TableReader(connector, slow, SLOW, List.of(), 1_000,
                    new ConnectionPermits(OptionalInt.of(1), "t"), Optional.of(columns(slow)))) {
                assertThat(firstPage(reader).rowCount()).isEqualTo(1_000);
            }
            assertThat(real.isClosed()).isFalse();
            for (int i = 0; i < 2; i++) {
                try (var st = real.createStatement(); var rs = st.executeQuery("SELECT 42")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(42);
                }
            }
        }
        assertThat(serverThreads(SLOW)).isEmpty();
    }

    /**
     * A reader closed after its first page of a small result: the server sent every row and is idle by
     * then, so the cancel's {@code KILL QUERY} finds no query; it must not kill the connection's next one.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPooledConnectionServesTheNextStatementAfterItsReaderWasClosedWhenTheServerHadSentEverything()
            throws Exception {
        String small = "SELECT seq AS id, 0 AS s FROM seq_1_to_1500";
        try (Connection real = java.sql.DriverManager.getConnection(Databases.MARIA_JDBC)) {
            Connector connector = Connector.ofDataSource(onePooledConnection(real));
            SqlTable t = reflect("small", Map.of("small", small));
            for (int round = 0; round < 5; round++) {
                try (TableReader reader = new TableReader(connector, t, small, List.of(), 1_000,
                        new ConnectionPermits(OptionalInt.of(1), "t"), Optional.of(columns(t)))) {
                    assertThat(firstPage(reader).rowCount()).isEqualTo(1_000);
                    Thread.sleep(200); // the server writes the last 500 rows and goes idle
                }
                for (int i = 0; i < 2; i++) {
                    try (var st = real.createStatement(); var rs = st.executeQuery("SELECT 42")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(42);
                    }
                }
            }
        }
    }

    /** A pool of one connection: each borrower gets {@code real}, and closing it gives it back. */
    private static javax.sql.DataSource onePooledConnection(Connection real) {
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(MariaDbStreamingTest.class.getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (ds, m, a) -> {
                    if (!m.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    return java.lang.reflect.Proxy.newProxyInstance(MariaDbStreamingTest.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, (c, cm, ca) -> {
                                if (cm.getName().equals("close")) {
                                    return null; // back to the pool, open
                                }
                                try {
                                    return cm.invoke(real, ca);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLimitedTableLoadsItsFirstPageAndStopsTheQuery() {
        Pipeline pipeline = Pipeline.builder("mariafast_limit").destination("duckdb:" + tmp.resolve("limit.duckdb"))
                .dataset("limit_data").pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of())
                .build();
        LoadInfo info = pipeline.run(SqlSource.of(Databases.MARIA).schema(SCHEMA).tables("slow").query("slow", SLOW).chunkSize(1_000)
                .applyHints("slow", r -> r.limit(1)).toSource());
        assertThat(info.rows("slow")).isEqualTo(1_000);
        assertThat(serverThreads(SLOW)).isEmpty();
    }

    @Test
    void aConnectionLostInTheMiddleOfATableFailsNamingServerDatabaseAndTable() {
        SqlTable big = reflect("big", Map.of());
        try (TableReader reader = reader(big, 1_000)) {
            firstPage(reader);
            List<Map<String, Object>> running = serverThreads("SELECT * FROM `" + SCHEMA + "`.`big`");
            assertThat(running).hasSize(1);
            Databases.maria("KILL CONNECTION " + running.get(0).get("ID"));
            assertThatThrownBy(() -> {
                while (reader.hasNext()) {
                    reader.next();
                }
            }).isInstanceOf(SqlSourceException.class)
                    .hasMessageContaining("reading table " + SCHEMA + ".big from MariaDB at host 127.0.0.1, port 3306,"
                            + " database test")
                    .hasMessageContaining("failed after");
            assertThat(reader.hasNext()).isFalse();
        }
    }

    private static TableReader reader(SqlTable t, int chunkSize) {
        String sql = t.query().orElse("SELECT * FROM " + t.qualifiedName());
        return new TableReader(Connector.ofUri(Databases.MARIA), t, sql, List.of(), chunkSize,
                new ConnectionPermits(OptionalInt.of(1), "t"), Optional.of(columns(t)));
    }

    private static ColumnPage firstPage(TableReader reader) {
        Object page = null;
        while (page == null) {
            page = reader.next(); // null while no connection is free
        }
        return (ColumnPage) page;
    }

    /** The server's threads running {@code sql} (id, command, state). */
    private static List<Map<String, Object>> serverThreads(String sql) {
        return Databases.query(Databases.MARIA_JDBC, "SELECT ID, COMMAND, STATE FROM information_schema.processlist"
                + " WHERE INFO = '" + sql.replace("'", "''") + "'");
    }

    private static SqlTable reflect(String name, Map<String, String> queries) {
        Connector connector = Connector.ofUri(Databases.MARIA);
        try (Connection c = connector.open("test")) {
            return new Reflector(connector, c).reflect(SCHEMA, List.of(name), List.of(), List.of(), queries, false)
                    .get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Column> columns(SqlTable t) {
        SqlSource source = SqlSource.of(Databases.MARIA);
        List<Column> out = new ArrayList<>();
        for (SqlColumn c : t.columns()) {
            out.add(source.column(c, false));
        }
        return out;
    }
}
