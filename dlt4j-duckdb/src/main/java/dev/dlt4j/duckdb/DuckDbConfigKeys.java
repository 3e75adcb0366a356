package dev.dlt4j.duckdb;

import dev.dlt4j.config.ConfigDeclarations;
import dev.dlt4j.config.ConfigKey;
import java.util.List;
import java.util.Locale;

/**
 * The DuckDB destination's keys, section {@code [destination.duckdb]}; registered in
 * {@code META-INF/services/dev.dlt4j.config.ConfigDeclarations}. A value set in code or in the
 * destination's URI wins over these.
 */
public final class DuckDbConfigKeys implements ConfigDeclarations {
    static final String SECTION = "destination.duckdb";

    /** The database file, as dlt's {@code [destination.duckdb] credentials}. */
    public static final ConfigKey<String> CREDENTIALS = ConfigKey.define(SECTION, "credentials")
            .parsedBy(DuckDbConfigKeys::databasePath, "a path to the database file (relative to the working"
                    + " directory), not :memory: nor a URI")
            .description("The database file, as in dlt (unset: `<pipeline_name>.duckdb` in the working directory);"
                    + " a path in the destination's URI wins.").build();

    /** DuckDB's {@code memory_limit}: it spills to disk beyond it. */
    public static final ConfigKey<String> MEMORY_LIMIT = ConfigKey.define(SECTION, "memory_limit")
            .matching("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", "a size such as \"256MB\", \"1.5GB\" or"
                    + " \"2GiB\"")
            .description("Memory DuckDB may take in this process while loading (SET memory_limit); it spills to"
                    + " disk beyond it. Unset: half the JVM's maximum heap (-Xmx), at least 128MB (the dlt4j launcher's"
                    + " -Xmx512m gives 256MB). Also ?memory_limit= in the URI.").build();

    /** DuckDB's {@code threads}. */
    public static final ConfigKey<Integer> THREADS = ConfigKey.define(SECTION, "threads").integerAtLeast(1)
            .description("Threads DuckDB uses inside each load job (SET threads). Unset: DuckDB's default, one per"
                    + " core.").build();

    /**
     * The storage version of a DuckDB file dlt4j creates: by default one DuckDB 1.4 LTS and newer
     * read (DuckDB's {@code storage_compatibility_version}); {@code latest} for the newest format.
     */
    public static final ConfigKey<String> STORAGE_VERSION = ConfigKey.define(SECTION, "storage_version")
            .parsedBy(DuckDbConfigKeys::storageVersion, "\"latest\" or a DuckDB version such as \"v1.4.0\"")
            .defaultValue("v1.4.0")
            .description("Storage version of new DuckDB files: v1.4.0 (read by DuckDB 1.4 LTS and newer) or latest"
                    + " (only the DuckDB version dlt4j ships reads it); an existing file keeps its own. Also"
                    + " ?storage_version= in the URI.").build();

    @Override
    public String module() {
        return "duckdb";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(CREDENTIALS, MEMORY_LIMIT, THREADS, STORAGE_VERSION);
    }

    /** {@code latest} or {@code v<major>.<minor>.<patch>}; DuckDB itself refuses a version it does not know. */
    static String storageVersion(Object raw) {
        if (raw instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("latest") || t.matches("v\\d+\\.\\d+\\.\\d+")) {
                return t;
            }
        }
        throw new IllegalArgumentException();
    }

    private static String databasePath(Object raw) {
        // a URI here is most likely another destination's credentials, e.g. from [destination] credentials
        if (raw instanceof String s && !s.isBlank() && !s.trim().equals(":memory:") && !s.contains("://")) {
            try {
                java.nio.file.Path.of(s.trim());
                return s.trim();
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException(e);
            }
        }
        throw new IllegalArgumentException();
    }
}
