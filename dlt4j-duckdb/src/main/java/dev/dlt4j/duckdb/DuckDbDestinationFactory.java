package dev.dlt4j.duckdb;

import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Creates DuckDB destinations from {@code duckdb} (database {@code <pipeline_name>.duckdb} in the
 * working directory), {@code duckdb:/abs/path/x.duckdb} or {@code duckdb:////abs/path/x.duckdb} (an
 * absolute path; {@code duckdb:///abs/path/x.duckdb} too, as in a file URI, with a warning when it lies
 * outside the working directory, since dlt reads three slashes as a relative path) or
 * {@code duckdb:relative/x.duckdb} (relative to the working directory); the option
 * {@code ?memory_limit=256MB} caps DuckDB's memory while loading, {@code ?threads=2} its threads,
 * {@code ?storage_version=latest} (or {@code v1.4.0}, the default) sets the storage version of a new
 * database file. Each wins over the same key in {@code [destination.duckdb]} (see {@link DuckDbConfigKeys}).
 */
public final class DuckDbDestinationFactory implements DestinationFactory {

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public boolean accepts(String scheme) {
        return scheme.equals("duckdb");
    }

    @Override
    public Destination create(String nameOrUri) {
        String spec = nameOrUri.trim();
        int q = spec.indexOf('?');
        if (q >= 0) {
            DuckDbDestination d = (DuckDbDestination) create(spec.substring(0, q));
            for (String option : spec.substring(q + 1).split("&")) {
                String[] kv = option.split("=", 2);
                if (kv.length == 2 && kv[0].equals("memory_limit")
                        && kv[1].matches("\\d+(\\.\\d+)?\\s*[KMGT]i?B")) {
                    d = d.withMemoryLimit(kv[1]);
                } else if (kv.length == 2 && kv[0].equals("threads") && kv[1].matches("[1-9]\\d{0,5}")) {
                    d = d.withThreads(Integer.parseInt(kv[1]));
                } else if (kv.length == 2 && kv[0].equals("storage_version")) {
                    d = d.withStorageVersion(kv[1]);
                } else {
                    throw new IllegalArgumentException("DuckDB URI '" + spec + "': option '" + option + "' is not"
                            + " valid; allowed: memory_limit=<size> such as memory_limit=256MB, threads=<n> of at least 1,"
                            + " storage_version=latest or storage_version=v1.4.0");
                }
            }
            return d;
        }
        if (spec.equalsIgnoreCase("duckdb")) {
            return new DuckDbDestination(Optional.empty());
        }
        String rest = spec.substring("duckdb:".length());
        boolean tripleSlash = rest.startsWith("///") && !rest.startsWith("////");
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
            if (!rest.startsWith("/")) {
                throw new IllegalArgumentException("DuckDB URI '" + spec + "' has a host part; use"
                        + " duckdb:///absolute/path.duckdb or duckdb:relative/path.duckdb");
            }
            while (rest.startsWith("//")) {
                rest = rest.substring(1);
            }
        }
        if (rest.isBlank()) {
            throw new IllegalArgumentException("DuckDB URI '" + spec + "' names no database file; use"
                    + " duckdb:///absolute/path.duckdb or duckdb:relative/path.duckdb");
        }
        if (rest.equals(":memory:")) {
            throw new IllegalArgumentException("DuckDB URI '" + spec + "': an in-memory database cannot be"
                    + " loaded by several connections and is lost at exit; name a file instead");
        }
        Path p = Paths.get(rest);
        if (tripleSlash) {
            tripleSlashWarning(spec, p, Paths.get("").toAbsolutePath()).ifPresent(LOG::warn);
        }
        return new DuckDbDestination(Optional.of(p));
    }

    /**
     * dlt (SQLAlchemy's URL) reads {@code duckdb:///x.duckdb} as the <em>relative</em> path
     * {@code x.duckdb}; dlt4j reads three slashes as a file URI does, as the absolute path
     * {@code /x.duckdb}. Both readings are kept apart by a warning when the absolute path lies outside
     * the working directory's tree (most likely a dlt spelling that would write into {@code /}),
     * naming both spellings that mean one thing only: {@code duckdb:/abs/x.duckdb} (or four slashes,
     * dlt's absolute form) and {@code duckdb:x.duckdb}.
     */
    static Optional<String> tripleSlashWarning(String spec, Path absolute, Path workingDir) {
        Path file = absolute.toAbsolutePath().normalize();
        if (file.startsWith(workingDir.toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        String relative = file.toString().substring(1);
        return Optional.of("DuckDB URI '" + spec + "' names the absolute path " + file + ", outside the working"
                + " directory " + workingDir + ": dlt4j reads three slashes as a file URI does, while dlt reads"
                + " duckdb:///" + relative + " as the relative path " + relative + ". Write duckdb:" + file
                + " (or duckdb:///" + file + ", four slashes, as dlt writes an absolute path) to keep this file"
                + " without this warning, or duckdb:" + relative + " for " + workingDir.resolve(relative));
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DuckDbDestinationFactory.class);
}
