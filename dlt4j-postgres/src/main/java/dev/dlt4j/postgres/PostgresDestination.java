package dev.dlt4j.postgres;

import dev.dlt4j.config.ReplaceStrategy;
import dev.dlt4j.destination.Destination;
import dev.dlt4j.destination.DestinationCapabilities;
import dev.dlt4j.destination.DestinationClient;
import dev.dlt4j.destination.DestinationContext;
import dev.dlt4j.schema.MergeStrategy;
import dev.dlt4j.storage.LoaderFileFormat;
import java.sql.Connection;
import java.util.Set;

/**
 * The PostgreSQL destination: the dataset is a PostgreSQL schema, each job file is a gzip'd CSV
 * streamed into its table with {@code COPY … FROM STDIN} on a connection of its own (at most
 * {@code load.workers} at once), schema changes run in one transaction, identifiers are at most 63
 * characters (longer ones are shortened with a hash tag by the naming convention). Immutable.
 */
public final class PostgresDestination implements Destination {
    static final DestinationCapabilities CAPABILITIES = new DestinationCapabilities(LoaderFileFormat.CSV,
            Set.of(LoaderFileFormat.CSV), 63, true)
            .withMergeStrategies(MergeStrategy.values())
            .withReplaceStrategies(ReplaceStrategy.values());

    private final PostgresCredentials credentials;

    PostgresDestination(PostgresCredentials credentials) {
        this.credentials = credentials;
    }

    /** A destination from a {@code postgresql://user:password@host:port/database} URI. */
    public static PostgresDestination fromUri(String uri) {
        return new PostgresDestination(PostgresCredentials.parse(uri));
    }

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public String displayLocation() {
        return credentials.display();
    }

    @Override
    public DestinationCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public DestinationClient open(DestinationContext context) {
        return new PostgresClient(credentials, context);
    }

    /**
     * A plain JDBC connection with this destination's credentials, for tools that read what was
     * loaded (the CLI's row counts, tests). The caller closes it; failures name host, port,
     * database and user, never the password.
     */
    public Connection connect() {
        return PostgresClient.connect(credentials);
    }

    @Override
    public String toString() {
        return "postgres " + displayLocation();
    }
}
