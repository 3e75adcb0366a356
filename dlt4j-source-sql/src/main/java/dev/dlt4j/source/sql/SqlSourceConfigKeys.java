package dev.dlt4j.source.sql;

import dev.dlt4j.config.ConfigDeclarations;
import dev.dlt4j.config.ConfigKey;
import java.util.List;

/**
 * The SQL database source's keys, section {@code [sources.sql_database]} (dlt's names); registered
 * in {@code META-INF/services/dev.dlt4j.config.ConfigDeclarations}. A value set in code
 * ({@link SqlSource}) or in a pipeline file's / ingest's settings wins over these.
 */
public final class SqlSourceConfigKeys implements ConfigDeclarations {
    static final String SECTION = "sources.sql_database";

    /** dlt's {@code credentials}: the database URI. */
    public static final ConfigKey<String> CREDENTIALS = ConfigKey.define(SECTION, "credentials").text().secret()
            .description("The database to read: postgresql://user:password@host:5432/db, mysql://user@host:3306/db"
                    + " (MariaDB/MySQL) or a jdbc: URL.").build();

    /** dlt's {@code schema}. */
    public static final ConfigKey<String> SCHEMA = ConfigKey.define(SECTION, "schema").text()
            .description("The schema (MariaDB/MySQL: database) to read; unset: the connection's current one.")
            .build();

    /** dlt's {@code chunk_size}: rows per page, and so the memory a table reader holds. */
    public static final ConfigKey<Integer> CHUNK_SIZE = ConfigKey.define(SECTION, "chunk_size").integerAtLeast(1)
            .defaultValue(SqlSource.DEFAULT_CHUNK_SIZE)
            .description("Rows per page read through a server-side cursor; a table is never held whole.").build();

    /** dlt's {@code reflection_level}. */
    public static final ConfigKey<String> REFLECTION_LEVEL = ConfigKey.define(SECTION, "reflection_level")
            .choice("minimal", "full", "full_with_precision").defaultValue("full")
            .description("What of the table definitions becomes column hints: minimal (names, nullability, primary"
                    + " keys), full (and types, decimal precision), full_with_precision (and text/binary lengths).")
            .build();

    /** Tables read at once, each on its own connection. */
    public static final ConfigKey<Integer> WORKERS = ConfigKey.define(SECTION, "workers").integerAtLeast(1)
            .defaultValue(SqlSource.DEFAULT_WORKERS)
            .description("Tables read at the same time, each with its own connection (the connection bound);"
                    + " extract's workers must allow as many parallel steps.").build();

    @Override
    public String module() {
        return "sql_database";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(CREDENTIALS, SCHEMA, CHUNK_SIZE, REFLECTION_LEVEL, WORKERS);
    }
}
