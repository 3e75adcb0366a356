package dev.dlt4j.postgres;

import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationFactory;
import dev.dlt4j.config.ConfigResolver;
import java.util.List;

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
     * {@code [destination.postgres] credentials} (declared: {@link PostgresConfigKeys#CREDENTIALS}, the
     * pipeline-prefixed section first), or a field of {@code [destination.postgres.credentials]}.
     */
    private static java.util.Optional<String> credential(ConfigResolver config, String pipeline, String field) {
        return field.isEmpty() ? config.destinationOptional(pipeline, PostgresConfigKeys.CREDENTIALS).value()
                : config.value(List.of("destination", "postgres", "credentials"), field);
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
        String uri = credential(config, pipeline, "").orElse(null);
        String database = credential(config, pipeline, "database").orElse(null);
        String user = credential(config, pipeline, "username").orElse(null);
        String host = credential(config, pipeline, "host").orElse(null);
        if ((uri == null || uri.isBlank()) && (database == null || user == null)) {
            throw new IllegalArgumentException("PostgreSQL credentials are missing: set " + ENV
                    + "=postgresql://user:password@host:5432/database (or " + ENV + "__DATABASE, __USERNAME,"
                    + " __PASSWORD, __HOST, __PORT), or [destination.postgres.credentials] in .dlt/secrets.toml,"
                    + " or name the destination by URI");
        }
        PostgresCredentials base = uri != null && !uri.isBlank() ? PostgresCredentials.parse(uri)
                : PostgresCredentials.parse("postgresql://" + user + "@" + (host == null ? "localhost" : host)
                        + "/" + database);
        String password = credential(config, pipeline, "password").orElse(null);
        String port = credential(config, pipeline, "port").orElse(null);
        int p = base.port();
        if (port != null) {
            try {
                p = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV + "__PORT='" + port + "' is not a port number (1-65535)", e);
            }
        }
        return new PostgresCredentials(host != null ? host : base.host(), p,
                database != null ? database : base.database(), user != null ? user : base.username(),
                password != null ? java.util.Optional.of(password) : base.password(), base.connectTimeoutSeconds(),
                base.lockTimeout());
    }
}
