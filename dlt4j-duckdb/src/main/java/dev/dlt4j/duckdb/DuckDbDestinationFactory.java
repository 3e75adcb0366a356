package dev.dlt4j.duckdb;

import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Creates DuckDB destinations from {@code duckdb} (database {@code <pipeline_name>.duckdb} in the
 * working directory), {@code duckdb:///abs/path/x.duckdb} (an absolute path, as in a file URI) or
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
        return new DuckDbDestination(Optional.of(p));
    }
}
