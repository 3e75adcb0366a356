package dev.dlt4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's client keeps its connections from one package to the next: one the server closed while it
 * was idle (here {@code pg_terminate_backend}, elsewhere {@code idle_session_timeout} or a proxy) is
 * replaced before it is lent again, so the next package does not fail on it.
 */
class PostgresIdleConnectionTest {
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    @TempDir
    Path tmp;

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplaced() throws Exception {
        String dataset = datasets.dataset("idle");
        try (PostgresClient client = (PostgresClient) Destination.named(PostgresTesting.URI)
                .open(new DestinationContext("idle", dataset, tmp, tmp))) {
            client.initializeStorage();
            Connection pooled = client.borrowConnection();
            int pid;
            try (Statement st = pooled.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            } finally {
                client.releaseConnection(pooled);
            }
            // only this test's connection, by its process id: other clients of the server are left alone
            try (Connection admin = PostgresTesting.connection(); Statement st = admin.createStatement()) {
                st.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            Thread.sleep(PostgresClient.checkAfterIdleMillis() + 100);
            assertThat(client.completedJobs("1700000000.123456")).isEmpty();
            Connection next = client.borrowConnection();
            try (Statement st = next.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getInt(1)).as("a new server process").isNotEqualTo(pid);
            } finally {
                client.releaseConnection(next);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
