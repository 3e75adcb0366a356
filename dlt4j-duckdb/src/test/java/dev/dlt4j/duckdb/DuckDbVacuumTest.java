package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.MergeJob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's DuckDB checkpoints do not vacuum until it merges: two bulk loads of 130,000 rows (one
 * full row group and a partial one each) keep their four row groups, where DuckDB's vacuum would
 * rewrite them into three; after a merge, the run's last checkpoint vacuums as DuckDB's default.
 */
class DuckDbVacuumTest {
    private static final String LOAD_ID = "1700000000.123456";

    @TempDir
    Path tmp;

    private DuckDbClient open() {
        return (DuckDbClient) DuckDbDestination.at(tmp.resolve("vacuum.duckdb"))
                .open(new DestinationContext("vacuum", "vacuum_data", tmp, tmp));
    }

    /** Two loads of 130,000 rows into {@code vacuum_data.t}, each committed on its own, as two packages. */
    private static void loadTwice(DuckDbClient client) throws SQLException {
        Connection c = client.borrowConnection();
        try (Statement st = c.createStatement()) {
            st.execute("SET threads = 1"); // the same row groups whatever the machine's cores
            st.execute("CREATE TABLE vacuum.vacuum_data.t (id BIGINT, name VARCHAR)");
            st.execute("INSERT INTO vacuum.vacuum_data.t SELECT i, 'n' || i FROM range(0, 130000) r(i)");
            st.execute("INSERT INTO vacuum.vacuum_data.t SELECT i, 'n' || i FROM range(130000, 260000) r(i)");
        } finally {
            client.releaseConnection(c);
        }
    }

    private List<Long> rowGroupSizes() {
        return DuckDbTesting.query(tmp.resolve("vacuum.duckdb"), "SELECT row_group_id, max(count) AS n FROM"
                + " pragma_storage_info('vacuum_data.t') GROUP BY row_group_id ORDER BY row_group_id").stream()
                .map(r -> ((Number) r.get("n")).longValue()).toList();
    }

    @Test
    void aRunThatOnlyAppendsKeepsTheRowGroupsItWrote() throws SQLException {
        try (DuckDbClient client = open()) {
            client.initializeStorage();
            loadTwice(client);
        }
        assertThat(rowGroupSizes()).containsExactly(122880L, 7120L, 122880L, 7120L);
        assertThat(DuckDbTesting.count(tmp.resolve("vacuum.duckdb"), "vacuum_data.t")).isEqualTo(260000);
    }

    @Test
    void aRunThatMergedVacuums() throws SQLException {
        Table users = Table.root("users", "users", WriteDisposition.MERGE)
                .withColumn(Column.of("id", DataType.BIGINT)).withColumn(Column.of("name", DataType.TEXT))
                .withColumn(Schema.dltLoadIdColumn()).withColumn(Schema.dltIdColumn())
                .withKeys(List.of("id"), List.of()).withMergeStrategy(MergeStrategy.DELETE_INSERT);
        Schema schema = Schema.empty("vacuum").withTable(users);
        try (DuckDbClient client = open()) {
            DestinationClient staging = client.staging();
            client.initializeStorage();
            staging.initializeStorage();
            client.migrate(schema, List.of(users));
            staging.migrate(schema, List.of(users));
            client.beginLoad(schema, LOAD_ID);
            staging.beginLoad(schema, LOAD_ID);
            client.merge(new MergeJob(LOAD_ID, schema, users, List.of(users), MergeStrategy.DELETE_INSERT,
                    Instant.now(), false));
            loadTwice(client);
        }
        assertThat(rowGroupSizes()).containsExactly(122880L, 122880L, 14240L);
    }
}
