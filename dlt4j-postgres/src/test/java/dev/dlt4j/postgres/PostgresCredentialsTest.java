package dev.dlt4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How URIs with unencoded special characters in the password are read, and that none is ever shown. */
class PostgresCredentialsTest {

    @Test
    void aPasswordMayHoldAnUnencodedSlashAsInDlt() {
        PostgresCredentials c = PostgresCredentials.parse("postgresql://postgres:SeCrEt123/x@db.example:6543/shop");
        assertThat(c).isEqualTo(new PostgresCredentials("db.example", 6543, "shop", "postgres",
                Optional.of("SeCrEt123/x"), 15, Optional.empty()));
        assertThat(c.display()).isEqualTo("postgresql://postgres:***@db.example:6543/shop");
    }

    @Test
    void theUserPartEndsAtTheLastAt() {
        PostgresCredentials c = PostgresCredentials.parse("postgresql://u@srv:p@ss:w@db/shop");
        assertThat(c.username()).isEqualTo("u@srv");
        assertThat(c.password()).contains("p@ss:w");
        assertThat(c.host()).isEqualTo("db");
    }

    @Test
    void twoAtsWithoutAColonAreRefusedWithoutShowingWhatFollowsTheFirst() {
        assertThatThrownBy(() -> PostgresCredentials.parse("postgresql://x@SeCrEt123@host/db"))
                .hasMessage("PostgreSQL URI 'postgresql://x:***@host/db' has more than one '@' and no ':' in its"
                        + " user part; write postgresql://user:password@host/database, and percent-encode an '@'"
                        + " that belongs to the user name or password as %40")
                .hasNoCause();
    }

    @Test
    void badUrisNeverEchoThePasswordNorCarryACauseThatDoes() {
        for (String uri : new String[] {"postgresql://u:SeCrEt 123@host/db?colour=red",
                "postgresql://u:SeCrEt%zz@host/db",
                "postgresql://u:SeCrEt@[::1/db", "postgresql://u:SeCrEt@host:port/db"}) {
            assertThatThrownBy(() -> PostgresCredentials.parse(uri)).hasMessageContaining("postgresql://u:***@")
                    .hasMessageNotContaining("SeCrEt").hasNoCause();
        }
    }
}
