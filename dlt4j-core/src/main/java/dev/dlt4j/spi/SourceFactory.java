package dev.dlt4j.spi;

import dev.dlt4j.Config;
import dev.dlt4j.Source;
import java.util.List;
import java.util.Map;

/**
 * Creates sources of one type from settings rather than code: a {@code [sources.<name>]} table of a
 * pipeline file ({@code dlt4j run pipeline.toml}, {@code type = "sql_database"}) or the flags of
 * {@code dlt4j ingest --source URI}. Registered in {@code META-INF/services/dev.dlt4j.spi.SourceFactory}
 * of the source module, found by {@link #type()} or, for {@code ingest}, by {@link #accepts(String)}.
 *
 * <p>Settings are the table as parsed: {@code String}, {@code Number}, {@code Boolean},
 * {@code List} and {@code Map<String, ?>} values, with dlt's key names ({@code credentials},
 * {@code table_names}, {@code bucket_url}, {@code file_glob}, {@code client}, {@code resources},
 * ...). A key the factory does not know, or a value it cannot use, fails with an
 * {@link IllegalArgumentException} that names the key path (e.g. {@code client.paginator.type}),
 * the value (secrets masked) and what is allowed, before any connection is made.
 */
public interface SourceFactory {

    /** The {@code type} users write, e.g. {@code sql_database}, {@code filesystem}, {@code rest_api}. */
    String type();

    /**
     * True when {@code dlt4j ingest --source URI} means this type: e.g. a {@code postgresql://} or
     * {@code jdbc:} URI for {@code sql_database}, {@code file://} for {@code filesystem}.
     */
    default boolean accepts(String sourceUri) {
        return false;
    }

    /**
     * The source named {@code name} built from {@code settings}; secrets the settings leave out are
     * read from {@code config} under {@code sources.<name>} (then {@code sources.<type>}), as dlt
     * resolves them.
     */
    Source create(String name, Map<String, Object> settings, Config config);

    /**
     * What {@code dlt4j run --dry-run} prints for the source, one line each (resources, endpoints or
     * tables, pagination, secrets masked). Checks and resolves the settings as {@link #create} does and
     * fails the same way; connects to nothing. Default: each resource of {@link #create} and its table.
     */
    default List<String> plan(String name, Map<String, Object> settings, Config config) {
        return create(name, settings, config).resources().stream()
                .map(r -> "resource " + r.name() + " -> table " + r.tableName() + " (" + r.writeDisposition() + ")")
                .toList();
    }
}
