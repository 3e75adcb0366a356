package dev.dlt4j.postgres;

import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationCapabilities;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.spi.LoaderFileFormat;
import java.sql.Connection;
import java.util.Optional;
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

    /** Empty: the bare name {@code postgres}, whose credentials come from the pipeline's config. */
    private final Optional<PostgresCredentials> credentials;

    PostgresDestination(Optional<PostgresCredentials> credentials) {
        this.credentials = credentials;
    }

    /** A destination from a {@code postgresql://user:password@host:port/database} URI. */
    public static PostgresDestination fromUri(String uri) {
        return new PostgresDestination(Optional.of(PostgresCredentials.parse(uri)));
    }

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public String displayLocation() {
        return credentials.map(PostgresCredentials::display)
                .orElse("credentials from [destination.postgres.credentials] of the pipeline's config");
    }

    @Override
    public String displayLocation(DestinationContext context) {
        return credentials(context).display();
    }

    /** {@code postgresql://host:port/database}: the same database whoever logs in, never a password. */
    @Override
    public String identity(DestinationContext context) {
        PostgresCredentials c = credentials(context);
        return "postgresql://" + c.host() + ":" + c.port() + "/" + c.database();
    }

    /** The URI's credentials, else those of the pipeline's config ({@code [destination.postgres.credentials]}). */
    PostgresCredentials credentials(DestinationContext context) {
        return credentials.orElseGet(() -> PostgresDestinationFactory.fromConfig(context.config(),
                context.pipelineName()))
                .withDriverProperties(PostgresConnectionProperties.resolve(context.config(), context.pipelineName()));
    }

    @Override
    public DestinationCapabilities capabilities() {
        return CAPABILITIES;
    }

    /** PostgreSQL's numeric declares at most 1000 digits. */
    @Override
    public java.util.OptionalInt maxDecimalPrecision() {
        return java.util.OptionalInt.of(1000);
    }

    /** A PostgreSQL table has at most 1,600 columns. */
    @Override
    public java.util.OptionalInt maxColumnsPerTable() {
        return java.util.OptionalInt.of(1600);
    }

    @Override
    public DestinationClient open(DestinationContext context) {
        return new PostgresClient(credentials(context), context);
    }

    /**
     * A plain JDBC connection with the credentials a pipeline's context resolves, for tools that
     * read what was loaded (the CLI's row counts, tests). The caller closes it; failures name host,
     * port, database and user, never the password.
     */
    public Connection connect(DestinationContext context) {
        return PostgresClient.connect(credentials(context));
    }

    /** As {@link #connect(DestinationContext)}, for a destination named by URI (it carries its credentials). */
    public Connection connect() {
        return PostgresClient.connect(credentials.orElseThrow(() -> new IllegalStateException("destination"
                + " postgres takes its credentials from a pipeline's config; use connect(DestinationContext)")));
    }

    @Override
    public String toString() {
        return "postgres " + displayLocation();
    }
}
