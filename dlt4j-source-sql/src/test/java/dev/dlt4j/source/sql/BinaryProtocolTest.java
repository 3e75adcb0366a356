package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is read in pgjdbc's binary transfer from the first execution and MariaDB with
 * server-side prepared statements (rows in the binary protocol), unless the URI says otherwise: a
 * user's setting wins. (The tables this gives are those of the types tests.)
 */
class BinaryProtocolTest {
    @Test
    void mariaDbReadsInTheBinaryProtocolUnlessTheUriSaysOtherwise() {
        assertThat(Connector.ofUri("mysql://root@127.0.0.1:3306/test").properties())
                .containsEntry(Connector.MARIADB_BINARY, "true");
        assertThat(Connector.ofUri("jdbc:mariadb://127.0.0.1:3306/test?user=root").properties())
                .containsEntry(Connector.MARIADB_BINARY, "true");
        assertThat(Connector.ofUri("mariadb://root@127.0.0.1:3306/test?useServerPrepStmts=false").properties())
                .containsEntry(Connector.MARIADB_BINARY, "false");
        assertThat(Connector.ofUri("jdbc:mariadb://127.0.0.1:3306/test?user=root&useServerPrepStmts=false")
                .properties()).doesNotContainKey(Connector.MARIADB_BINARY);
        assertThat(Connector.ofUri("postgresql://postgres@127.0.0.1:5432/test").properties())
                .doesNotContainKey(Connector.MARIADB_BINARY);
    }

    @Test
    void postgresReadsInBinaryFromTheFirstExecutionUnlessTheUriSaysOtherwise() {
        assertThat(Connector.ofUri("postgresql://postgres@127.0.0.1:5432/test").properties())
                .containsEntry(Connector.POSTGRES_BINARY, "-1");
        assertThat(Connector.ofUri("jdbc:postgresql://127.0.0.1:5432/test?user=postgres").properties())
                .containsEntry(Connector.POSTGRES_BINARY, "-1");
        assertThat(Connector.ofUri("postgresql://postgres@127.0.0.1:5432/test?prepareThreshold=5").properties())
                .containsEntry(Connector.POSTGRES_BINARY, "5");
        assertThat(Connector.ofUri("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&prepareThreshold=5")
                .properties()).doesNotContainKey(Connector.POSTGRES_BINARY);
    }
}
