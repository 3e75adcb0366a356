package dev.dlt4j.spi;

import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Where a pipeline loads: a destination type plus its location and credentials. Found by name
 * ({@code duckdb}) or URI ({@code duckdb:///data/shop.duckdb}) among the
 * {@link DestinationFactory} implementations on the class path, the way JDBC finds drivers.
 * Implementations are immutable and may be shared by pipelines.
 */
public interface Destination {

    /** The destination type, e.g. {@code duckdb}. */
    String type();

    /** Where it loads, with any password masked: safe to print. */
    String displayLocation();

    /** Where it loads for one pipeline (e.g. the resolved database file), password masked. */
    default String displayLocation(DestinationContext context) {
        return displayLocation();
    }

    /**
     * Which place this is for one pipeline, without any secret: two destinations with the same type
     * and identity load into the same place. A load package is bound to it. Default: the display location.
     */
    default String identity(DestinationContext context) {
        return displayLocation(context);
    }

    /**
     * What this destination can do (formats, write dispositions and strategies, staging, identifier
     * rules, limits, transactions). Called by the pipeline when it is built, before every extract and
     * before every package loads, from the caller's thread; cheap and the same on every call. Built
     * with {@link DestinationCapabilities#builder}, where everything not declared is unsupported.
     */
    DestinationCapabilities capabilities();

    /**
     * The merge strategies this destination carries out for {@code table} (dlt's
     * {@code merge_strategies_selector}). Before extract {@code table} is the root table a resource's
     * hints declare (name, write disposition, merge strategy, keys, declared columns, file format); at
     * load it is the root table of the package's schema. Empty: {@code merge} is refused for the
     * table, or loads as {@code append} when {@link DestinationCapabilities#mergeFallsBackToAppend()}.
     * Default: {@link DestinationCapabilities#mergeStrategies()}.
     */
    default Set<MergeStrategy> mergeStrategies(Table table) {
        return capabilities().mergeStrategies();
    }

    /**
     * The replace strategies this destination carries out for {@code table} (dlt's
     * {@code replace_strategies_selector}); empty: {@code replace} is refused for it. {@code table} as
     * for {@link #mergeStrategies(Table)}. Default: {@link DestinationCapabilities#replaceStrategies()}.
     */
    default Set<ReplaceStrategy> replaceStrategies(Table table) {
        return capabilities().replaceStrategies();
    }

    /**
     * The job file formats this destination reads for {@code table}, a subset of
     * {@link DestinationCapabilities#supportedFormats()}; a table whose format (the resource's, else
     * the pipeline's) is not among them is refused before extract. {@code table} as for
     * {@link #mergeStrategies(Table)}. Default: {@link DestinationCapabilities#supportedFormats()}.
     */
    default Set<LoaderFileFormat> supportedFormats(Table table) {
        return capabilities().supportedFormats();
    }

    /**
     * Rows per table of the context's dataset, as the destination itself counts them (dlt's
     * {@code dataset.row_counts()}), sorted by table name, the {@code _dlt} tables included; empty
     * when this destination cannot count. For tools that show what a load left, such as
     * {@code dlt4j demo}, so they need not know the concrete destination. Reads only; called on the
     * caller's thread after a load, never during one.
     *
     * @throws IllegalStateException naming the dataset and the location when the destination cannot be read
     */
    default java.util.Optional<java.util.SortedMap<String, Long>> rowCounts(DestinationContext context) {
        return java.util.Optional.empty();
    }

    /**
     * Opens a reader of the context's dataset, to read what was loaded back with SQL (dlt's
     * {@code pipeline.dataset()}). Only called when {@link DestinationCapabilities#supportsDatasetQueries()}
     * is declared; the caller closes the reader. Reads only; called between runs, on the caller's thread.
     *
     * @throws UnsupportedOperationException when the destination does not declare the capability (the default)
     * @throws IllegalStateException naming the dataset and the location when it cannot be opened
     */
    default DatasetReader openDataset(DestinationContext context) {
        throw new UnsupportedOperationException("destination " + type() + " declares no dataset queries"
                + " (DestinationCapabilities.supportsDatasetQueries)");
    }

    /**
     * Whether the context's dataset certainly holds nothing yet, known without connecting (a
     * database file that does not exist). A run without local state then skips reading a stored
     * state from the destination, so it neither waits for the destination's first connection before
     * extracting nor creates anything there when extract fails. Must not connect or create anything.
     * Default: {@code false} (the destination is asked).
     */
    default boolean certainlyEmpty(DestinationContext context) {
        return false;
    }

    /**
     * Called by the pipeline when a run starts extracting, on the pipeline's thread; must return at
     * once. A destination may start one-time initialisation that does not depend on the run (loading
     * a native library) on a daemon thread of its own, so that it overlaps extract instead of
     * delaying the first load. Failures there must be swallowed: {@link #open} reports them. Default:
     * nothing.
     */
    default void warmUp() {
    }

    /**
     * Opens a client for one load run of one pipeline. The caller closes it. The client's
     * {@link DestinationClient#newLoadJob} may be called from several threads at once.
     */
    DestinationClient open(DestinationContext context);

    /** Finds a destination by type name or URI; an unknown one fails with the list of available ones. */
    static Destination named(String nameOrUri) {
        return find(nameOrUri, java.util.Optional.empty());
    }

    /**
     * Finds a destination by type name or URI for a pipeline whose resolved configuration is
     * {@code config}: its factory gets it ({@link DestinationFactory#create(String, ConfigResolver)}).
     */
    static Destination named(String nameOrUri, dev.dlt4j.config.ConfigResolver config) {
        return find(nameOrUri, java.util.Optional.of(config));
    }

    private static Destination find(String nameOrUri, java.util.Optional<dev.dlt4j.config.ConfigResolver> config) {
        if (nameOrUri == null || nameOrUri.isBlank()) {
            throw new IllegalArgumentException("a destination name or URI is required; available: "
                    + String.join(", ", available()));
        }
        String spec = nameOrUri.trim();
        String scheme = scheme(spec);
        List<String> names = new ArrayList<>();
        for (DestinationFactory f : ServiceLoader.load(DestinationFactory.class)) {
            names.add(f.name());
            if (f.accepts(scheme)) {
                try {
                    return config.isPresent() ? f.create(spec, config.get()) : f.create(spec);
                } catch (RuntimeException e) {
                    throw masked(e);
                }
            }
        }
        throw new IllegalArgumentException("unknown destination '" + mask(spec) + "'; available: "
                + (names.isEmpty() ? "none (add a destination module such as dlt4j-duckdb to the class path)"
                        : String.join(", ", names.stream().sorted().toList())));
    }

    /** The names of the destinations on the class path, sorted. */
    static List<String> available() {
        List<String> names = new ArrayList<>();
        for (DestinationFactory f : ServiceLoader.load(DestinationFactory.class)) {
            names.add(f.name());
        }
        names.sort(null);
        return names;
    }

    /** A factory's error as it is, or as an IllegalArgumentException with the URI's password masked. */
    private static RuntimeException masked(RuntimeException e) {
        Throwable safe = Secrets.scrub(e);
        if (safe == e) {
            return e;
        }
        IllegalArgumentException m = new IllegalArgumentException(Secrets.maskUris(e.getMessage()), safe.getCause());
        m.setStackTrace(e.getStackTrace());
        return m;
    }

    private static String scheme(String spec) {
        int colon = spec.indexOf(':');
        String s = colon < 0 ? spec : spec.substring(0, colon);
        return s.toLowerCase(Locale.ROOT);
    }

    /** Replaces the password of {@code scheme://user:password@host} with {@code ***} (see {@link Secrets#maskUris}). */
    static String mask(String uri) {
        return Secrets.maskUris(uri);
    }
}
