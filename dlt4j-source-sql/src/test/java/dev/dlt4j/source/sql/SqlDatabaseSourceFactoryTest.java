package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Config;
import dev.dlt4j.Resource;
import dev.dlt4j.RowOrder;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.SourceFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Type sql_database from settings with dlt's names, found through ServiceLoader by type and URI. */
class SqlDatabaseSourceFactoryTest {
    static final Config NO_CONFIG = (sections, key) -> Optional.empty();

    @BeforeAll
    static void tables() {
        Databases.pg("DROP SCHEMA IF EXISTS sqlsrc_fac CASCADE", "CREATE SCHEMA sqlsrc_fac",
                "CREATE TABLE sqlsrc_fac.orders (id int PRIMARY KEY, updated_at timestamp)",
                "CREATE TABLE sqlsrc_fac.tmp_x (id int)");
        Databases.maria("DROP DATABASE IF EXISTS sqlsrc_fac", "CREATE DATABASE sqlsrc_fac",
                "CREATE TABLE sqlsrc_fac.orders (id int PRIMARY KEY)");
    }

    private static SourceFactory factory() {
        return ServiceLoader.load(SourceFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("sql_database")).findFirst().orElseThrow();
    }

    private static Map<String, Object> settings(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void itAcceptsDatabaseUrisAndNothingElse() {
        SourceFactory f = factory();
        assertThat(List.of("postgresql://u@h/db", "postgres://h/db", "postgresql+psycopg2://u:p@h:5432/db",
                "mysql://root@h/db", "mariadb://h/db", "mysql+pymysql://h/db", "jdbc:postgresql://h/db",
                "JDBC:sqlserver://h"))
                .allMatch(f::accepts);
        assertThat(List.of("file:///data/*.csv", "https://api.example.com", "duckdb:x.duckdb", "shop"))
                .noneMatch(f::accepts);
    }

    @Test
    void tablesTakesSchemaQualifiedNamesAsIssue16sPipelineFileWritesThem() {
        // issue 16's example: tables = ["public.orders"]; dlt's table_names + schema stay as they are
        Source s = factory().create("orders", settings("credentials", Databases.PG, "tables",
                List.of("sqlsrc_fac.orders", "sqlsrc_fac.tmp_x")), NO_CONFIG);
        assertThat(s.resources().stream().map(Resource::name)).containsExactly("orders", "tmp_x");
        Source unqualified = factory().create("orders", settings("credentials", Databases.PG, "schema", "sqlsrc_fac",
                "tables", "orders"), NO_CONFIG);
        assertThat(unqualified.resources().stream().map(Resource::name)).containsExactly("orders");
        Source maria = factory().create("orders", settings("credentials", Databases.MARIA, "tables",
                List.of("sqlsrc_fac.orders")), NO_CONFIG);
        assertThat(maria.resources().stream().map(Resource::name)).containsExactly("orders");

        assertThatThrownBy(() -> factory().create("orders", settings("credentials", Databases.PG, "tables",
                List.of("sqlsrc_fac.orders", "public.orders")), NO_CONFIG))
                .hasMessageContaining("sql_database setting tables")
                .hasMessageContaining("one schema per source; got sqlsrc_fac and public")
                .hasMessageContaining("[sources.<name>]");
        assertThatThrownBy(() -> factory().create("orders", settings("credentials", Databases.PG, "schema", "public",
                "tables", List.of("sqlsrc_fac.orders")), NO_CONFIG))
                .hasMessageContaining("table sqlsrc_fac.orders is not in schema public");
        assertThatThrownBy(() -> factory().create("orders", settings("credentials", Databases.PG, "tables",
                List.of("orders"), "table_names", List.of("orders")), NO_CONFIG))
                .hasMessageContaining("set tables or table_names, not both");
        assertThatThrownBy(() -> factory().create("orders", settings("credentials", Databases.PG, "tables",
                List.of("sqlsrc_fac.")), NO_CONFIG))
                .hasMessageContaining("sql_database setting tables: 'sqlsrc_fac.' is not a table name");
    }

    @Test
    void settingsWithDltsNamesBuildTheSource() {
        Source s = factory().create("shop", settings("credentials", Databases.PG, "schema", "sqlsrc_fac",
                "table_names", List.of("orders"), "chunk_size", 10, "reflection_level", "minimal",
                "write_disposition", "merge", "primary_key", "id",
                "incremental", Map.of("cursor_path", "updated_at", "row_order", "asc")), NO_CONFIG);
        assertThat(s.name()).isEqualTo("shop");
        Resource orders = s.resources().get(0);
        assertThat(orders.name()).isEqualTo("orders");
        assertThat(orders.writeDisposition()).isEqualTo(WriteDisposition.MERGE);
        assertThat(orders.primaryKey()).containsExactly("id");
        assertThat(orders.columns()).isEmpty(); // minimal: types from the data
        assertThat(orders.incremental().orElseThrow().cursorPath()).isEqualTo("updated_at");
        assertThat(orders.incremental().orElseThrow().rowOrder()).hasValue(RowOrder.ASC);

        Source patterns = factory().create("sql_database", settings("credentials", Databases.PG, "schema",
                "sqlsrc_fac", "exclude", List.of("tmp_*")), NO_CONFIG);
        assertThat(patterns.resources().stream().map(Resource::name)).containsExactly("orders");
        Source maria = factory().create("sql_database", settings("credentials", "mariadb://root@127.0.0.1:3306/test",
                "schema", "sqlsrc_fac"), NO_CONFIG);
        assertThat(maria.resources().stream().map(Resource::name)).containsExactly("orders");
        Source pg = factory().create("sql_database", settings("credentials",
                "postgresql+psycopg2://postgres@127.0.0.1:5432/test", "schema", "sqlsrc_fac", "table_names", "orders"),
                NO_CONFIG);
        assertThat(pg.resources()).hasSize(1);
    }

    @Test
    void credentialsAndSchemaComeFromTheConfigWhenTheSettingsLeaveThemOut() {
        Config config = (sections, key) -> sections.equals(List.of("sources", "sql_database"))
                ? Optional.ofNullable(Map.of("credentials", Databases.PG, "schema", "sqlsrc_fac").get(key))
                : Optional.empty();
        Source s = factory().create("shop", settings("table_names", List.of("orders")), config);
        assertThat(s.resources()).hasSize(1);
        assertThatThrownBy(() -> factory().create("shop", settings(), NO_CONFIG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sql_database needs credentials (a database URI such as"
                        + " postgresql://user:password@host:5432/db): set credentials, [sources.shop] credentials or"
                        + " SOURCES__SHOP__CREDENTIALS");
    }

    @Test
    void aBadSettingIsNamedWithWhatIsAllowed() {
        assertThatThrownBy(() -> factory().create("s", settings("credentials", Databases.PG, "table", "x"),
                NO_CONFIG))
                .hasMessage("sql_database setting 'table' is not known; allowed: chunk_size, credentials, exclude,"
                        + " include, include_views, incremental, partition, partition_column, primary_key, queries,"
                        + " reflection_level, schema, table_names, tables, type, workers, write_disposition");
        assertThatThrownBy(() -> factory().create("s", settings("credentials", Databases.PG, "chunk_size", 0),
                NO_CONFIG))
                .hasMessage("sql_database setting chunk_size '0' is not valid; allowed: an integer of at least 1");
        assertThatThrownBy(() -> factory().create("s", settings("credentials", Databases.PG, "reflection_level",
                "all"), NO_CONFIG))
                .hasMessage("sql_database setting reflection_level 'all' is not valid; allowed: \"minimal\", \"full\""
                        + " or \"full_with_precision\"");
        assertThatThrownBy(() -> factory().create("s", settings("credentials", Databases.PG, "write_disposition",
                "upsert"), NO_CONFIG))
                .hasMessage("sql_database setting write_disposition 'upsert' is not valid; allowed: append, replace,"
                        + " merge");
        assertThatThrownBy(() -> factory().create("s", settings("credentials", Databases.PG, "incremental",
                Map.of("cursor_path", "x", "since", 1)), NO_CONFIG))
                .hasMessage("sql_database setting incremental.since is not known; allowed: cursor_path, end_value,"
                        + " initial_value, last_value_func, range_end, range_start, row_order");
        assertThatThrownBy(() -> factory().create("s", settings("credentials", 42), NO_CONFIG))
                .hasMessage("sql_database setting credentials must be a non-blank string, got ***");
    }
}
