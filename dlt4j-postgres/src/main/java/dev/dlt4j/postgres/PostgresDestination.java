package dev.dlt4j.postgres;

import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationCapabilities;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.LoaderFileFormat;
import java.sql.Connection;
import java.util.Optional;

/**
 * The PostgreSQL destination: the dataset is a PostgreSQL schema, each job file is a gzip'd CSV
 * streamed into its table with {@code COPY … FROM STDIN} on a connection of its own (at most
 * {@code load.workers} at once), schema changes run in one transaction, identifiers are at most 63
 * characters (longer ones are shortened with a hash tag by the naming convention). Immutable.
 */
public final class PostgresDestination implements Destination {
    /**
     * gzip'd csv job files (COPY) only; every merge and replace strategy, through the staging schema
     * {@code <dataset>_staging}; identifiers up to 63 characters (longer ones shortened), case
     * sensitive; numeric up to 1000 digits; at most 1600 columns a table; DDL, each job with its marker
     * row, and a whole package in transactions.
     */
    static final DestinationCapabilities CAPABILITIES = DestinationCapabilities.builder(LoaderFileFormat.CSV)
            .mergeStrategies(MergeStrategy.values())
            .replaceStrategies(ReplaceStrategy.values())
            .hasStagingDataset(true)
            .maxIdentifierLength(63)
            .caseSensitiveIdentifiers(true)
            .maxDecimalPrecision(1000)
            .maxColumnsPerTable(1600)
            .supportsTransactionalDdl(true)
            .supportsJobMarkers(true)
            .supportsTransactionalPackages(true)
            .compressesJobFiles(false) // plain job files: less CPU than gzip + gunzip (docs/performance.md)
            .build();

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

    /** Rows per table of the dataset's schema, counted by the server. */
    @Override
    public Optional<java.util.SortedMap<String, Long>> rowCounts(DestinationContext context) {
        try (Connection c = connect(context)) {
            return Optional.of(dev.dlt4j.sql.SqlRowCounts.count(c, context.datasetName()));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot count the rows of dataset " + context.datasetName() + " in "
                    + displayLocation(context) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "postgres " + displayLocation();
    }
}
