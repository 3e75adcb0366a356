package dev.dlt4j.schema;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.WriteDisposition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The single source of truth for tables and types: a named set of tables, versioned by a content
 * hash. Immutable; every change produces a new schema, and {@link #evolvedFrom} bumps the version
 * when the content changed.
 */
public record Schema(String name, long version, Map<String, Table> tables) {

    /** dlt's schema engine version, written to {@code _dlt_version.engine_version}. */
    public static final int ENGINE_VERSION = 11;
    public static final String LOADS_TABLE = "_dlt_loads";
    public static final String VERSION_TABLE = "_dlt_version";
    public static final String STATE_TABLE = "_dlt_pipeline_state";
    private static final java.util.Set<String> DLT_TABLES = java.util.Set.of(VERSION_TABLE, LOADS_TABLE, STATE_TABLE);

    public Schema {
        Objects.requireNonNull(name, "name");
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /** A new schema holding only dlt's system tables. */
    /** dlt's {@code dlt_table_names}: whether {@code table} is one of dlt's own tables (version, loads, state). */
    public static boolean isDltTable(String table) {
        return DLT_TABLES.contains(table);
    }

    public static Schema empty(String name) {
        Map<String, Table> t = new LinkedHashMap<>();
        for (Table system : systemTables()) {
            t.put(system.name(), system);
        }
        return new Schema(name, 1, t);
    }

    public Optional<Table> table(String tableName) {
        return Optional.ofNullable(tables.get(tableName));
    }

    public Schema withTable(Table table) {
        Map<String, Table> copy = new LinkedHashMap<>(tables);
        copy.put(table.name(), table);
        return new Schema(name, version, copy);
    }

    /** Data tables (not {@code _dlt_*}) in creation order. */
    public List<Table> dataTables() {
        List<Table> out = new ArrayList<>();
        for (Table t : tables.values()) {
            if (!t.name().startsWith("_dlt_")) {
                out.add(t);
            }
        }
        return out;
    }

    /** The table and every table nested under it, parents before children. */
    public List<Table> tableChain(String rootName) {
        List<Table> out = new ArrayList<>();
        for (Table t : tables.values()) {
            if (t.name().equals(rootName) || isDescendant(t, rootName)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The root table of a (possibly nested) table. */
    public Table rootOf(String tableName) {
        Table t = tables.get(tableName);
        while (t != null && !t.isRoot()) {
            t = tables.get(t.parent().get());
        }
        if (t == null) {
            throw new IllegalArgumentException("table " + tableName + " is not in schema " + name);
        }
        return t;
    }

    private boolean isDescendant(Table t, String rootName) {
        Table cur = t;
        while (cur != null && !cur.isRoot()) {
            String parent = cur.parent().get();
            if (parent.equals(rootName)) {
                return true;
            }
            cur = tables.get(parent);
        }
        return false;
    }

    /** The content hash: equal for equal tables and columns, whatever the version number. */
    public String versionHash() {
        return SchemaJson.contentHash(this);
    }

    /** This schema with the version bumped if its content differs from {@code previous}. */
    public Schema evolvedFrom(Schema previous) {
        if (previous == null) {
            return this;
        }
        if (previous.versionHash().equals(versionHash())) {
            return new Schema(name, previous.version(), tables);
        }
        return new Schema(name, previous.version() + 1, tables);
    }

    static List<Table> systemTables() {
        Map<String, Column> loads = new LinkedHashMap<>();
        put(loads, text64(Column.of("load_id", DataType.TEXT).withNullable(false)));
        put(loads, Column.of("schema_name", DataType.TEXT));
        put(loads, Column.of("status", DataType.BIGINT).withNullable(false));
        put(loads, Column.of("inserted_at", DataType.TIMESTAMP).withNullable(false));
        put(loads, Column.of("schema_version_hash", DataType.TEXT));
        Map<String, Column> version = new LinkedHashMap<>();
        put(version, Column.of("version", DataType.BIGINT).withNullable(false));
        put(version, Column.of("engine_version", DataType.BIGINT).withNullable(false));
        put(version, Column.of("inserted_at", DataType.TIMESTAMP).withNullable(false));
        put(version, Column.of("schema_name", DataType.TEXT).withNullable(false));
        put(version, Column.of("version_hash", DataType.TEXT).withNullable(false));
        put(version, Column.of("schema", DataType.TEXT).withNullable(false));
        Map<String, Column> state = new LinkedHashMap<>();
        put(state, Column.of("version", DataType.BIGINT).withNullable(false));
        put(state, Column.of("engine_version", DataType.BIGINT).withNullable(false));
        put(state, Column.of("pipeline_name", DataType.TEXT).withNullable(false));
        put(state, Column.of("state", DataType.TEXT).withNullable(false));
        put(state, Column.of("created_at", DataType.TIMESTAMP).withNullable(false));
        put(state, Column.of("version_hash", DataType.TEXT));
        put(state, text64(systemColumn("_dlt_load_id", false, false, false, DataType.TEXT)));
        put(state, text64(systemColumn("_dlt_id", true, false, false, DataType.TEXT)));
        return List.of(
                Table.builder(VERSION_TABLE).writeDisposition(WriteDisposition.SKIP).columns(version).build(),
                Table.builder(LOADS_TABLE).writeDisposition(WriteDisposition.SKIP).columns(loads).build(),
                Table.builder(STATE_TABLE).columns(state).build());
    }

    /**
     * dlt's load id and row id columns of its system tables: text of precision 64, so PostgreSQL
     * creates them {@code varchar(64)} as dlt does (the data tables' {@code _dlt_id} and
     * {@code _dlt_load_id} are typed from the data, without a length, in dlt as here).
     */
    private static Column text64(Column c) {
        return c.toBuilder().precision(java.util.OptionalInt.of(64), java.util.OptionalInt.empty()).build();
    }

    private static void put(Map<String, Column> m, Column c) {
        m.put(c.name(), c);
    }

    /**
     * A column the data created under the name of one of dlt's system columns (a row's own
     * {@code _dlt_id}, or {@code _dlt_parent_id} in a root table) with the hints dlt's schema gives
     * every column of that name: NOT NULL, and unique / row key, parent key or root key. Its type
     * stays the data's. Any other column is returned as it is.
     */
    public static Column withSystemHints(Column c) {
        Column system = switch (c.name()) {
            case "_dlt_id" -> dltIdColumn();
            case "_dlt_load_id" -> dltLoadIdColumn();
            case "_dlt_parent_id" -> dltParentIdColumn();
            case "_dlt_list_idx" -> dltListIdxColumn();
            case "_dlt_root_id" -> dltRootIdColumn();
            default -> null;
        };
        if (system == null || c.equals(system)) {
            return c;
        }
        return systemColumn(c.name(), system.rowKey(), system.parentKey(), system.rootKey(), c.dataType())
                .toBuilder().variant(c.variant()).precision(c.precision(), c.scale()).build();
    }

    /** The {@code _dlt_*} columns the relational normalizer adds, with dlt's hints. */
    public static Column dltIdColumn() {
        return systemColumn("_dlt_id", true, false, false, DataType.TEXT);
    }

    public static Column dltLoadIdColumn() {
        return systemColumn("_dlt_load_id", false, false, false, DataType.TEXT);
    }

    public static Column dltParentIdColumn() {
        return systemColumn("_dlt_parent_id", false, true, false, DataType.TEXT);
    }

    public static Column dltListIdxColumn() {
        return systemColumn("_dlt_list_idx", false, false, false, DataType.BIGINT);
    }

    public static Column dltRootIdColumn() {
        return systemColumn("_dlt_root_id", false, false, true, DataType.TEXT);
    }

    /** A dlt system column ({@code _dlt_id}, {@code _dlt_parent_id}, ...): never null, its key flags as given. */
    private static Column systemColumn(String name, boolean rowKey, boolean parentKey, boolean rootKey,
            DataType type) {
        return Column.builder(name, type).nullable(false).unique(rowKey).rowKey(rowKey).parentKey(parentKey)
                .rootKey(rootKey).build();
    }
}
