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

    /** The connection URI; the fields of {@code [destination.postgres.credentials]} win over its parts. */
    public static final ConfigKey<String> CREDENTIALS = ConfigKey.define(SECTION, "credentials").text().secret()
            .description("The connection URI postgresql://user:password@host:5432/database, as in dlt (or the"
                    + " fields database, username, password, host, port of [destination.postgres.credentials],"
                    + " which win over its parts); best in .dlt/secrets.toml. Never printed.").build();

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

    @Override
    public String module() {
        return "postgres";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(CREDENTIALS, SSLMODE, SSLROOTCERT, APPLICATION_NAME);
    }
}
