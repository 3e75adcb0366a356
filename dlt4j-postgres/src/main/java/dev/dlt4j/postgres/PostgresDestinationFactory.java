package dev.dlt4j.postgres;

import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationFactory;
import dev.dlt4j.config.ConfigKey;
import dev.dlt4j.config.ConfigResolver;

/**
 * Creates PostgreSQL destinations from a URI ({@code postgresql://user:password@host:5432/db},
 * {@code postgres://…} too) or from the bare name {@code postgres} / {@code postgresql}, which
 * takes the credentials from the pipeline's config providers (its {@code environment(...)} and
 * {@code projectDir(...)}) when it runs, as dlt does: {@code [destination.postgres]
 * credentials = "postgresql://…"} or {@code [destination.postgres.credentials]} with
 * {@code database}, {@code username}, {@code password}, {@code host}, {@code port} (in
 * {@code .dlt/secrets.toml}), or the environment variables {@code DESTINATION__POSTGRES__CREDENTIALS}
 * and {@code DESTINATION__POSTGRES__CREDENTIALS__PASSWORD} etc. Single fields win over the URI's.
 */
public final class PostgresDestinationFactory implements DestinationFactory {
    static final String ENV = "DESTINATION__POSTGRES__CREDENTIALS";

    /**
     * {@code [destination.postgres] credentials} or a field of {@code [destination.postgres.credentials]}
     * (declared in {@link PostgresConfigKeys}; the pipeline-prefixed section first), as the pipeline's
     * config resolved and validated it.
     */
    private static <T> T credential(ConfigResolver config, String pipeline, ConfigKey<T> key) {
        return config.destinationOptional(pipeline, key).value().orElse(null);
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public boolean accepts(String scheme) {
        return scheme.equals("postgres") || scheme.equals("postgresql");
    }

    /** A URI gives the credentials; the bare name takes them from the pipeline's config when it runs. */
    @Override
    public Destination create(String nameOrUri) {
        String spec = nameOrUri.trim();
        if (spec.contains("://")) {
            return new PostgresDestination(java.util.Optional.of(PostgresCredentials.parse(spec)));
        }
        if (!spec.equalsIgnoreCase("postgres") && !spec.equalsIgnoreCase("postgresql")) {
            throw new IllegalArgumentException("PostgreSQL destination '" + Destination.mask(spec)
                    + "': expected postgres or postgresql://user:password@host:5432/database");
        }
        return new PostgresDestination(java.util.Optional.empty());
    }

    /** The credentials a pipeline's config holds; missing ones fail naming every place they may be set. */
    static PostgresCredentials fromConfig(ConfigResolver config, String pipeline) {
        String uri = credential(config, pipeline, PostgresConfigKeys.CREDENTIALS);
        String database = credential(config, pipeline, PostgresConfigKeys.DATABASE);
        String user = credential(config, pipeline, PostgresConfigKeys.USERNAME);
        String host = credential(config, pipeline, PostgresConfigKeys.HOST);
        if ((uri == null || uri.isBlank()) && (database == null || user == null)) {
            throw new IllegalArgumentException("PostgreSQL credentials are missing: set " + ENV
                    + "=postgresql://user:password@host:5432/database (or " + ENV + "__DATABASE, __USERNAME,"
                    + " __PASSWORD, __HOST, __PORT), or [destination.postgres.credentials] in .dlt/secrets.toml,"
                    + " or name the destination by URI");
        }
        PostgresCredentials base = uri != null && !uri.isBlank() ? PostgresCredentials.parse(uri)
                : PostgresCredentials.parse("postgresql://" + user + "@" + (host == null ? "localhost" : host)
                        + "/" + database);
        String password = credential(config, pipeline, PostgresConfigKeys.PASSWORD);
        Integer port = credential(config, pipeline, PostgresConfigKeys.PORT);
        Integer timeout = credential(config, pipeline, PostgresConfigKeys.CONNECT_TIMEOUT);
        return new PostgresCredentials(host != null ? host : base.host(), port != null ? port : base.port(),
                database != null ? database : base.database(), user != null ? user : base.username(),
                password != null ? java.util.Optional.of(password) : base.password(),
                timeout != null ? timeout : base.connectTimeoutSeconds(), base.lockTimeout(), base.driverProperties());
    }
}
