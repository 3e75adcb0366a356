package dev.dlt4j.postgres;

import dev.dlt4j.config.ConfigDeclarations;
import dev.dlt4j.config.ConfigKey;
import java.util.List;

/**
 * The PostgreSQL destination's connection properties, section {@code [destination.postgres]}:
 * passed to the JDBC driver on every connection (see {@link PostgresConnectionProperties});
 * registered in {@code META-INF/services/dev.dlt4j.config.ConfigDeclarations}. The credentials
 * ({@code [destination.postgres.credentials]}) are read by {@link PostgresDestinationFactory}.
 */
public final class PostgresConfigKeys implements ConfigDeclarations {
    static final String SECTION = "destination.postgres";
    static final String CREDENTIALS_SECTION = "destination.postgres.credentials";

    /** The connection URI; the fields of {@code [destination.postgres.credentials]} win over its parts. */
    public static final ConfigKey<String> CREDENTIALS = ConfigKey.define(SECTION, "credentials").text().secret()
            .description("The connection URI postgresql://user:password@host:5432/database, as in dlt (or the"
                    + " fields database, username, password, host, port of [destination.postgres.credentials],"
                    + " which win over its parts); best in .dlt/secrets.toml. Never printed.").build();

    // the fields of [destination.postgres.credentials], as dlt's PostgresCredentials; each wins over the URI's part
    public static final ConfigKey<String> DATABASE = field("database", "The database to load into.");
    public static final ConfigKey<String> USERNAME = field("username", "The user to connect as.");
    public static final ConfigKey<String> PASSWORD = ConfigKey.define(CREDENTIALS_SECTION, "password")
            .parsedBy(PostgresConfigKeys::scalar, "a text").secret()
            .description("The user's password; best in .dlt/secrets.toml. Never printed.").build();
    public static final ConfigKey<String> HOST = field("host", "The server's host name or address (unset with"
            + " database and username given: localhost).");
    public static final ConfigKey<Integer> PORT = ConfigKey.define(CREDENTIALS_SECTION, "port")
            .parsedBy(PostgresConfigKeys::port, "a port number from 1 to 65535").description("The server's port (unset: the URI's, else 5432).")
            .build();
    public static final ConfigKey<Integer> CONNECT_TIMEOUT = ConfigKey.define(CREDENTIALS_SECTION, "connect_timeout")
            .integerAtLeast(0).description("Seconds to wait for a connection (driver property connectTimeout; 0 ="
                    + " no limit). Unset: the URI's ?connect_timeout=, else 15.").build();

    /** libpq's {@code sslmode}, as the driver takes it. */
    public static final ConfigKey<String> SSLMODE = ConfigKey.define(SECTION, "sslmode")
            .choice("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
            .description("TLS to the server, as libpq's sslmode (driver property sslmode). Unset: the driver's"
                    + " default, prefer.").build();

    /** The CA certificate file for {@code verify-ca} / {@code verify-full}. */
    public static final ConfigKey<String> SSLROOTCERT = ConfigKey.define(SECTION, "sslrootcert").text()
            .description("File of the certificate authority that signed the server's certificate, for sslmode"
                    + " verify-ca and verify-full (driver property sslrootcert). Unset: the driver's default,"
                    + " ~/.postgresql/root.crt.").build();

    /** What {@code pg_stat_activity} shows for dlt4j's connections. */
    public static final ConfigKey<String> APPLICATION_NAME = ConfigKey.define(SECTION, "application_name")
            .matching("[\\x20-\\x7e]{1,63}", "a text of 1 to 63 printable ASCII characters").defaultValue("dlt4j")
            .description("The name the server shows for dlt4j's connections in pg_stat_activity and its logs"
                    + " (driver property ApplicationName).").build();

    /** dlt's {@code create_indexes}: {@code UNIQUE} constraints for columns with the {@code unique} hint. */
    public static final ConfigKey<Boolean> CREATE_INDEXES = ConfigKey.define(SECTION, "create_indexes").bool()
            .defaultValue(true)
            .description("Create UNIQUE constraints for columns with the unique hint (such as _dlt_id), as dlt does"
                    + " for postgres; false loads faster (COPY need not maintain the index) and applies to tables"
                    + " created from then on.").build();

    @Override
    public String module() {
        return "postgres";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(CREDENTIALS, DATABASE, USERNAME, PASSWORD, HOST, PORT, CONNECT_TIMEOUT, SSLMODE, SSLROOTCERT,
                APPLICATION_NAME, CREATE_INDEXES);
    }

    private static ConfigKey<String> field(String name, String description) {
        return ConfigKey.define(CREDENTIALS_SECTION, name).parsedBy(PostgresConfigKeys::scalar, "a non-empty text")
                .description(description).build();
    }

    private static Integer port(Object raw) {
        String s = scalar(raw).trim();
        if (s.matches("\\d{1,5}")) {
            int p = Integer.parseInt(s);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        }
        throw new IllegalArgumentException();
    }

    /** TOML may hold a number or a bare word where text is meant (e.g. a numeric password): taken as written. */
    private static String scalar(Object raw) {
        if (raw instanceof String || raw instanceof Long || raw instanceof Double || raw instanceof Boolean) {
            return String.valueOf(raw);
        }
        throw new IllegalArgumentException();
    }
}
