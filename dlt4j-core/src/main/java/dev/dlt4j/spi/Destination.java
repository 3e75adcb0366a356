package dev.dlt4j.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

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

    DestinationCapabilities capabilities();

    /**
     * The largest decimal precision a column may declare, when the destination has a limit: a
     * column hint above it is refused before extract, not at load. Default: no limit.
     */
    default java.util.OptionalInt maxDecimalPrecision() {
        return java.util.OptionalInt.empty();
    }

    /**
     * The most columns a table may have, when the destination has a limit: a table that grows
     * beyond it is refused at normalize, not at load. Default: no limit.
     */
    default java.util.OptionalInt maxColumnsPerTable() {
        return java.util.OptionalInt.empty();
    }

    /**
     * Opens a client for one load run of one pipeline. The caller closes it. The client's
     * {@link DestinationClient#newLoadJob} may be called from several threads at once.
     */
    DestinationClient open(DestinationContext context);

    /** Finds a destination by type name or URI; an unknown one fails with the list of available ones. */
    static Destination named(String nameOrUri) {
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
                    return f.create(spec);
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
