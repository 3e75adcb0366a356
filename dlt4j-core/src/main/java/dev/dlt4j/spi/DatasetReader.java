package dev.dlt4j.spi;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a loaded dataset back with SQL: what a destination that declares
 * {@link DestinationCapabilities#supportsDatasetQueries()} returns from
 * {@link Destination#openDataset}, and what {@code Pipeline.dataset()} (dlt's
 * {@code pipeline.dataset()}) and {@code dlt4j pipeline <name> query} run on. The dataset's tables
 * are named unqualified in SQL (the dataset is the default schema), the way dlt's dataset does.
 *
 * <p>One reader holds one connection (or one embedded engine) and is used from one thread at a
 * time; it only reads. The caller closes it, after closing the streams it returned.
 */
public interface DatasetReader extends AutoCloseable {

    /** The tables of the dataset as the destination has them (the {@code _dlt} tables included), sorted. */
    List<String> tables();

    /**
     * Runs {@code sql} and streams its rows, each a map from column name to value in the query's
     * column order; values are JDBC's ({@code Long}, {@code Double}, {@code BigDecimal}, {@code String},
     * {@code Boolean}, {@code byte[]}), times as {@code java.time} values, JSON as its text. The stream
     * is lazy and holds the statement: close it (try-with-resources).
     *
     * @throws IllegalArgumentException naming the dataset, the statement and the destination's message when it fails
     */
    Stream<Map<String, Object>> query(String sql);

    /** The names of the columns {@code sql} returns, in order, without reading its rows. */
    List<String> columns(String sql);

    /** {@code name} as an identifier in this destination's SQL (quoted). */
    String quote(String name);

    /** Releases the connection; streams still open fail on their next row. */
    @Override
    void close();
}
