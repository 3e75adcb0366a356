package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each way a database can refuse the source fails when the source is built (before anything is
 * extracted) with one message naming host, port, database, table and the fix, password masked.
 */
class BadInputTest {
    @BeforeAll
    static void tables() {
        Databases.pg("DROP SCHEMA IF EXISTS sqlsrc_err CASCADE", "CREATE SCHEMA sqlsrc_err",
                "CREATE TABLE sqlsrc_err.orders (id int PRIMARY KEY)", "CREATE TABLE sqlsrc_err.secret (id int)",
                "DROP ROLE IF EXISTS sqlsrc_noselect", "CREATE ROLE sqlsrc_noselect LOGIN",
                "GRANT USAGE ON SCHEMA sqlsrc_err TO sqlsrc_noselect",
                "GRANT SELECT ON sqlsrc_err.orders TO sqlsrc_noselect");
        Databases.maria("DROP DATABASE IF EXISTS sqlsrc_err", "CREATE DATABASE sqlsrc_err",
                "CREATE TABLE sqlsrc_err.orders (id int PRIMARY KEY)",
                "DROP USER IF EXISTS 'sqlsrc_pw'@'%'", "DROP USER IF EXISTS 'sqlsrc_pw'@'localhost'",
                "CREATE USER 'sqlsrc_pw'@'%' IDENTIFIED BY 'right-pw'",
                "CREATE USER 'sqlsrc_pw'@'localhost' IDENTIFIED BY 'right-pw'");
    }

    @Test
    void anUnreachableDatabaseNamesHostPortDatabaseTableAndTheFix() {
        assertThatThrownBy(() -> SqlSource.of("postgresql://postgres:s3cret@127.0.0.1:5499/test").schema("public")
                .tables("orders").toSource())
                .isInstanceOf(SqlSourceException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL at host 127.0.0.1, port 5499, database test,"
                        + " user postgres to read table public.orders: the server cannot be reached")
                .hasMessageEndingWith("check that the database server runs and that host and port are right")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThatThrownBy(() -> SqlSource.of("mysql://root:s3cret@127.0.0.1:3399/test").tables("orders").toSource())
                .hasMessageStartingWith("cannot connect to MariaDB at host 127.0.0.1, port 3399, database test,"
                        + " user root to read table orders: the server cannot be reached")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void aWrongPasswordOnMariaDbIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> SqlSource.of("mysql://sqlsrc_pw:wrong-pw@127.0.0.1:3306/sqlsrc_err")
                .tables("orders").toSource())
                .isInstanceOf(SqlSourceException.class)
                .hasMessage("cannot connect to MariaDB at host 127.0.0.1, port 3306, database sqlsrc_err, user"
                        + " sqlsrc_pw to read table orders: the login was refused (wrong user or password); check the"
                        + " user and password in the credentials (the password is not shown here)");
    }

    @Test
    void aWrongPasswordOnPostgresIsRefusedWithoutShowingIt() throws SQLException {
        // Created if missing and never dropped: dlt4j-postgres's tests use the same role, and two checkouts'
        // suites may share one server.
        Databases.pg("DO $$BEGIN CREATE ROLE dlt4j_pw_user LOGIN PASSWORD 'right-pw'; EXCEPTION WHEN"
                + " duplicate_object OR unique_violation THEN NULL; END$$");
        boolean checked;
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "dlt4j_pw_user", "wrong")) {
            checked = false;
        } catch (SQLException e) {
            checked = true;
        }
        Assumptions.assumeTrue(checked, "pg_hba trusts dlt4j_pw_user here (.ci/run sets scram-sha-256 for it)");
        assertThatThrownBy(() -> SqlSource.of("postgresql://dlt4j_pw_user:wrong-pw@127.0.0.1:5432/test")
                .schema("sqlsrc_err").tables("orders").toSource())
                .isInstanceOf(SqlSourceException.class)
                .hasMessage("cannot connect to PostgreSQL at host 127.0.0.1, port 5432, database test, user"
                        + " dlt4j_pw_user to read table sqlsrc_err.orders: the login was refused (wrong user or"
                        + " password); check the user and password in the credentials (the password is not shown"
                        + " here)");
    }

    @Test
    void anUnknownDatabaseIsNamed() {
        assertThatThrownBy(() -> SqlSource.of("postgresql://postgres@127.0.0.1:5432/sqlsrc_nodb").tables("orders")
                .toSource())
                .hasMessage("cannot connect to PostgreSQL at host 127.0.0.1, port 5432, database sqlsrc_nodb, user"
                        + " postgres to read table orders: the database does not exist; check the database name at"
                        + " the end of the URI");
        assertThatThrownBy(() -> SqlSource.of("mysql://root@127.0.0.1:3306/sqlsrc_nodb").tables("orders").toSource())
                .hasMessageContaining("database sqlsrc_nodb").hasMessageContaining("the database does not exist");
    }

    @Test
    void anUnknownSchemaListsTheSchemasThere() {
        assertThatThrownBy(() -> SqlSource.of(Databases.PG).schema("sqlsrc_noschema").tables("orders").toSource())
                .isInstanceOf(SqlSourceException.class)
                .hasMessageStartingWith("schema sqlsrc_noschema does not exist in PostgreSQL at host 127.0.0.1,"
                        + " port 5432, database test, user postgres; schemas there: ")
                .hasMessageContaining("sqlsrc_err")
                .hasMessageEndingWith("; check schema / --table schema.table");
    }

    @Test
    void anUnknownTableListsTheTablesThere() {
        assertThatThrownBy(() -> SqlSource.of(Databases.PG).schema("sqlsrc_err").tables("ordres").toSource())
                .isInstanceOf(SqlSourceException.class)
                .hasMessage("table sqlsrc_err.ordres does not exist in PostgreSQL at host 127.0.0.1, port 5432,"
                        + " database test, user postgres (or the user cannot see it); tables there: orders, secret;"
                        + " check the name in tables / table_names / --table");
        assertThatThrownBy(() -> SqlSource.of(Databases.MARIA).schema("sqlsrc_err").tables("ordres").toSource())
                .hasMessage("table sqlsrc_err.ordres does not exist in MariaDB at host 127.0.0.1, port 3306,"
                        + " database test, user root (or the user cannot see it); tables there: orders;"
                        + " check the name in tables / table_names / --table");
    }

    @Test
    void aTableWithoutSelectPrivilegeNamesTheGrant() {
        assertThatThrownBy(() -> SqlSource.of("postgresql://sqlsrc_noselect@127.0.0.1:5432/test")
                .schema("sqlsrc_err").tables("orders", "secret").toSource())
                .isInstanceOf(SqlSourceException.class)
                .hasMessage("the user may not SELECT from table sqlsrc_err.secret in PostgreSQL at host 127.0.0.1,"
                        + " port 5432, database test, user sqlsrc_noselect; grant it (GRANT SELECT ON"
                        + " sqlsrc_err.secret TO <user>) or leave the table out (exclude)");
        // the readable table alone is fine
        assertThat(SqlSource.of("postgresql://sqlsrc_noselect@127.0.0.1:5432/test").schema("sqlsrc_err")
                .tables("orders").toSource().resources()).hasSize(1);
    }

    @Test
    void aBadUriSaysWhatIsAllowed() {
        assertThatThrownBy(() -> SqlSource.of("oracle://scott:tiger@db/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("credentials: unsupported database URI 'oracle://scott:***@db/x'; allowed: postgresql://,"
                        + " mysql://, mariadb:// or a jdbc: URL");
        assertThatThrownBy(() -> SqlSource.of("jdbc:nosuchdb://h/x?user=a&password=p1").tables("t").toSource())
                .hasMessageContaining("no JDBC driver on the class path takes jdbc:nosuchdb://h/x?user=a&password=***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("p1"));
    }
}
