package dev.dlt4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.config.ConfigException;
import dev.dlt4j.config.ConfigKeys;
import dev.dlt4j.config.ConfigResolver;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [destination.postgres]}: connection properties the module declares, passed to the JDBC driver. */
class PostgresConfigKeysTest {
    @TempDir
    Path tmp;

    private ConfigResolver config(String toml, Map<String, String> env) throws IOException {
        Files.createDirectories(tmp.resolve(".dlt"));
        Files.deleteIfExists(tmp.resolve(".dlt/config.toml"));
        if (toml != null) {
            Files.writeString(tmp.resolve(".dlt/config.toml"), toml);
        }
        Map<String, String> all = new HashMap<>(env);
        all.put("DESTINATION__POSTGRES__CREDENTIALS", PostgresTesting.URI);
        return ConfigResolver.of(tmp, all);
    }

    private String configFile() {
        return tmp.resolve(".dlt/config.toml").toAbsolutePath().normalize().toString();
    }

    private static Connection connect(ConfigResolver config) {
        PostgresDestination d = (PostgresDestination) Destination.named("postgres");
        return d.connect(new DestinationContext("p", "p_data", Path.of("work"), Path.of("."), config));
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theModulesKeysAreDeclaredWithTheirDefaults() {
        assertThat(ConfigKeys.all()).contains(PostgresConfigKeys.SSLMODE, PostgresConfigKeys.SSLROOTCERT,
                PostgresConfigKeys.APPLICATION_NAME);
        assertThat(ConfigKeys.module(PostgresConfigKeys.SSLMODE)).isEqualTo("postgres");
        assertThat(PostgresConfigKeys.CREDENTIALS.defaultValue()).isEmpty();
        assertThat(PostgresConfigKeys.CREDENTIALS.isSecret()).isTrue();
        assertThat(PostgresConfigKeys.SSLMODE.defaultValue()).isEmpty();
        assertThat(PostgresConfigKeys.SSLROOTCERT.defaultValue()).isEmpty();
        assertThat(PostgresConfigKeys.APPLICATION_NAME.defaultValue()).contains("dlt4j");
    }

    @Test
    void driverPropertiesAreLookedUpWithThePipelinePrefixFirst() throws IOException {
        ConfigResolver c = config("[destination.postgres]\nsslmode = \"disable\"\n[p.destination.postgres]\n"
                + "application_name = \"nightly\"\n", Map.of());
        assertThat(PostgresConnectionProperties.resolve(c, "p")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "sslmode", "disable", "ApplicationName", "nightly"));
        assertThat(PostgresConnectionProperties.resolve(c, "q")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "sslmode", "disable", "ApplicationName", "dlt4j"));
    }

    @Test
    void credentialsAreReadWithThePipelinePrefixFirstAndTheirFieldsWin() throws IOException {
        Files.createDirectories(tmp.resolve(".dlt"));
        Files.deleteIfExists(tmp.resolve(".dlt/config.toml"));
        ConfigResolver c = ConfigResolver.of(tmp, Map.of(
                "DESTINATION__POSTGRES__CREDENTIALS", "postgresql://a:pw@h1/db1",
                "P__DESTINATION__POSTGRES__CREDENTIALS", "postgresql://b:pw@h2/db2",
                "DESTINATION__POSTGRES__CREDENTIALS__DATABASE", "db3"));
        assertThat(PostgresDestinationFactory.fromConfig(c, "p").display()).isEqualTo("postgresql://b:***@h2:5432/db3");
        assertThat(PostgresDestinationFactory.fromConfig(c, "q").display()).isEqualTo("postgresql://a:***@h1:5432/db3");
    }

    @Test
    void credentialFieldsAreDeclaredValidatedAndShownWithThePasswordMasked() throws IOException {
        assertThat(PostgresConfigKeys.PASSWORD.isSecret()).isTrue();
        assertThat(PostgresConfigKeys.PORT.defaultValue()).isEmpty();
        assertThat(PostgresConfigKeys.CONNECT_TIMEOUT.defaultValue()).isEmpty();
        Files.createDirectories(tmp.resolve(".dlt"));
        Files.writeString(tmp.resolve(".dlt/secrets.toml"), "[destination.postgres.credentials]\nhost = \"h9\"\n"
                + "port = 6543\npassword = 12345\nconnect_timeout = 3\npasword = \"typo\"\n");
        ConfigResolver c = config(null, Map.of());
        PostgresCredentials creds = PostgresDestinationFactory.fromConfig(c, "p");
        assertThat(List.of(creds.host(), creds.port(), creds.password().orElseThrow(), creds.connectTimeoutSeconds()))
                .containsExactly("h9", 6543, "12345", 3);
        assertThat(c.show("p", java.util.Optional.empty(), java.util.Optional.empty()))
                .filteredOn(s -> s.declaration() == PostgresConfigKeys.PASSWORD).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo("***"));
        assertThat(c.warnings()).singleElement().asString().contains("did you mean 'password'?")
                .doesNotContain("typo");
        Files.writeString(tmp.resolve(".dlt/secrets.toml"), "[destination.postgres.credentials]\nport = 70000\n");
        assertThatThrownBy(() -> config(null, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Config key 'port' has invalid value 70000")
                .hasMessageContaining("allowed: a port number from 1 to 65535");
        Files.delete(tmp.resolve(".dlt/secrets.toml"));
    }

    @Test
    void applicationNameReachesTheServer() throws Exception {
        PostgresTesting.requireServer();
        try (Connection c = connect(config("[destination.postgres]\napplication_name = \"orders_nightly\"\n",
                Map.of()))) {
            assertThat(show(c, "application_name")).isEqualTo("orders_nightly");
        }
        try (Connection c = connect(config(null, Map.of()))) {
            assertThat(show(c, "application_name")).isEqualTo("dlt4j");
        }
    }

    @Test
    void sslmodeReachesTheDriver() throws Exception {
        PostgresTesting.requireServer();
        try (Connection c = connect(config(null, Map.of("DESTINATION__POSTGRES__SSLMODE", "disable")))) {
            assertThat(show(c, "application_name")).isEqualTo("dlt4j");
        }
        // the test server runs without TLS: a driver told to require it refuses to connect
        assertThatThrownBy(() -> connect(config(null, Map.of("DESTINATION__POSTGRES__SSLMODE", "require"))).close())
                .hasStackTraceContaining("SSL");
    }

    @Test
    void aBadValueFailsWhenThePipelineIsBuiltNamingKeyValueAndAllowed() throws IOException {
        Files.createDirectories(tmp.resolve(".dlt"));
        Files.writeString(tmp.resolve(".dlt/config.toml"), "[destination.postgres]\nsslmode = \"always\"\n");
        assertThatThrownBy(() -> Pipeline.builder("bad").destination("postgres").projectDir(tmp)
                .pipelinesDir(tmp.resolve("pipelines")).environment(Map.of()).build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'sslmode' has invalid value \"always\", set in " + configFile()
                        + " section [destination.postgres]; allowed: \"disable\", \"allow\", \"prefer\", \"require\","
                        + " \"verify-ca\" or \"verify-full\".");
    }

    @Test
    void aTypoInThePostgresSectionGetsADidYouMean() throws IOException {
        assertThat(config("[destination.postgres]\nsslmod = \"require\"\n", Map.of()).warnings()).singleElement()
                .asString().contains("Unknown config key 'sslmod' in " + configFile() + " section"
                        + " [destination.postgres], it has no effect; did you mean 'sslmode'?");
    }
}
