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
     * row, and a whole package in transactions; stored state and schemas read back, tables dropped.
     */
    static final DestinationCapabilities CAPABILITIES = DestinationCapabilities.builder(LoaderFileFormat.CSV)
            .mergeStrategies(MergeStrategy.values())
            .replaceStrategies(ReplaceStrategy.values())
            .hasStagingDataset(true)
            .maxIdentifierLength(63)
            .caseSensitiveIdentifiers(true)
            .maxDecimalPrecision(1000)
            .maxIntegerPrecision(64) // bigint
            .maxTimestampPrecision(6)
            .maxColumnsPerTable(1600)
            .supportsTransactionalDdl(true)
            .supportsJobMarkers(true)
            .supportsTransactionalPackages(true)
            .supportsStateSync(true)
            .supportsDropTables(true)
            .supportsDatasetQueries(true)
            .compressesJobFiles(false) // plain job files: less CPU than gzip + gunzip (docs/performance.md)
            .build();

    /** Empty: the bare name {@code postgres}, whose credentials come from the pipeline's config. */
    private final Optional<PostgresCredentials> credentials;
    /** Present: every connection comes from the user's pool ({@link #using}). */
    private final Optional<javax.sql.DataSource> dataSource;

    PostgresDestination(Optional<PostgresCredentials> credentials) {
        this(credentials, Optional.empty());
    }

    private PostgresDestination(Optional<PostgresCredentials> credentials, Optional<javax.sql.DataSource> dataSource) {
        this.credentials = credentials;
        this.dataSource = dataSource;
    }

    /**
     * A destination whose connections all come from {@code dataSource} (e.g. the application's
     * HikariCP pool, or a {@code PGSimpleDataSource}), with its TLS, properties and credentials; dlt4j
     * borrows at most {@code load.workers} connections at once during a load and closes (returns) them
     * when the load ends. The server, database and user shown in messages are read from the first
     * connection's metadata, which is opened here: a data source that cannot connect fails now.
     *
     * @throws IllegalStateException naming the data source's server when it cannot connect
     */
    public static PostgresDestination using(javax.sql.DataSource dataSource) {
        java.util.Objects.requireNonNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection()) {
            var md = c.getMetaData();
            String url = md.getURL(); // jdbc:postgresql://host:port/database?...
            String rest = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
            int q = rest.indexOf('?');
            rest = q < 0 ? rest : rest.substring(0, q);
            String user = md.getUserName();
            PostgresCredentials described = PostgresCredentials.parse(rest.replaceFirst("^postgresql://",
                    "postgresql://" + java.net.URLEncoder.encode(user == null ? "unknown" : user,
                            java.nio.charset.StandardCharsets.UTF_8) + "@"));
            return new PostgresDestination(Optional.of(described), Optional.of(dataSource));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the DataSource handed to PostgresDestination.using cannot connect: "
                    + dev.dlt4j.spi.Secrets.maskUris(String.valueOf(e.getMessage())), e);
        }
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
        if (dataSource.isPresent()) {
            return credentials.orElseThrow(); // the data source's own properties; config keys do not apply
        }
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
        PostgresCredentials c = credentials(context);
        return dataSource.isPresent() ? new PostgresClient(c, context, () -> PostgresClient.connect(dataSource.get(), c))
                : new PostgresClient(c, context);
    }

    /**
     * A plain JDBC connection with the credentials a pipeline's context resolves, for tools that
     * read what was loaded (the CLI's row counts, tests). The caller closes it; failures name host,
     * port, database and user, never the password.
     */
    public Connection connect(DestinationContext context) {
        return dataSource.isPresent() ? PostgresClient.connect(dataSource.get(), credentials(context))
                : PostgresClient.connect(credentials(context));
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

    /** The dataset read back on a read-only connection whose {@code search_path} is the dataset's schema. */
    @Override
    public dev.dlt4j.spi.DatasetReader openDataset(DestinationContext context) {
        Connection c = connect(context);
        try {
            c.setReadOnly(true);
        } catch (java.sql.SQLException e) {
            // read-only is a safety net, not needed to read
        }
        return dev.dlt4j.spi.JdbcDatasetReader.open(c, context.datasetName(), "SET search_path TO \""
                + context.datasetName().replace("\"", "\"\"") + "\"", displayLocation(context));
    }

    @Override
    public String toString() {
        return "postgres " + displayLocation();
    }
}
