package dev.dlt4j.spi;

import java.util.Objects;

/**
 * The newest version of a schema a destination holds: a {@code _dlt_version} row, as dlt's
 * {@code StorageSchemaInfo}.
 *
 * @param schemaName {@code schema_name}
 * @param version {@code version}
 * @param versionHash {@code version_hash}
 * @param schema {@code schema}: the schema's JSON as the pipeline wrote it
 */
public record StoredSchema(String schemaName, long version, String versionHash, String schema) {
    public StoredSchema {
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(versionHash, "versionHash");
        Objects.requireNonNull(schema, "schema");
    }
}
