package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * MariaDB is read with server-side prepared statements (rows in the binary protocol) unless the URI
 * says otherwise; a user's setting wins. (The tables this gives are those of the types tests.)
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
}
