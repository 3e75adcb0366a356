package dev.dlt4j.normalize;

import dev.dlt4j.schema.Column;
import dev.dlt4j.schema.DataType;
import dev.dlt4j.schema.MergeStrategy;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaContract;
import dev.dlt4j.schema.SchemaContract.Mode;
import dev.dlt4j.schema.Table;
import dev.dlt4j.schema.WriteDisposition;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * dlt's relational normalizer: flattens nested objects into {@code parent__child} columns, unnests
 * lists into child tables linked by {@code _dlt_parent_id} / {@code _dlt_list_idx}, adds
 * {@code _dlt_id} and {@code _dlt_load_id}, infers column types, coerces values into existing
 * columns and puts values that do not fit into variant columns {@code <col>__v_<type>}. The
 * schema evolves as it goes (tables and columns are added, never dropped), as far as the root
 * table's {@link SchemaContract} allows: a table that had not seen data before this package may
 * add columns throughout the package ("evolve-columns-once"), {@code _dlt*} columns are always
 * allowed, and a discarded row takes its nested rows with it (but never its parent).
 *
 * <p>One instance per normalize worker; not thread-safe. Rows are written straight to the table
 * writers, parent row before its children, without building an output map per row.
 */
final class RelationalNormalizer {
    static final int DEFAULT_MAX_NESTING = 1000;
    static final String VALID_FROM = "_dlt_valid_from";
    static final String VALID_TO = "_dlt_valid_to";
    private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final NamingConvention naming;
    private final String loadId;
    private final Map<String, WorkingTable> tables = new LinkedHashMap<>();
    private final Function<String, TableFileWriter> writers;
    private final SplittableRandom random = new SplittableRandom();
    private final MessageDigest digest;
    private final java.util.IdentityHashMap<String, String> keyNames = new java.util.IdentityHashMap<>();
    private final java.util.IdentityHashMap<String, java.util.IdentityHashMap<String, String>> paths =
            new java.util.IdentityHashMap<>();
    private final java.util.IdentityHashMap<String, java.util.IdentityHashMap<String, String>> childTables =
            new java.util.IdentityHashMap<>();
    private final byte[] idBytes = new byte[10];
    private final String schemaName;
    private final long schemaVersion;
    /** Set by a discard_row decision; the row being written is dropped when it ends. */
    private boolean rowDiscarded;

    RelationalNormalizer(Schema schema, NamingConvention naming, String loadId,
            Function<String, TableFileWriter> writers) {
        this.naming = naming;
        this.loadId = loadId;
        this.writers = writers;
        this.schemaName = schema.name();
        this.schemaVersion = schema.version();
        for (Table t : schema.tables().values()) {
            tables.put(t.name(), new WorkingTable(t, contractOf(schema, t), !t.seenData()));
        }
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A child table follows the contract of its root table. */
    private static SchemaContract contractOf(Schema schema, Table t) {
        Table cur = t;
        while (!cur.isRoot()) {
            Table parent = schema.tables().get(cur.parent());
            if (parent == null) {
                return cur.contract();
            }
            cur = parent;
        }
        return cur.contract();
    }

    /** Normalizes one row of a root table and all its nested rows. */
    void normalizeRoot(String tableName, Map<String, Object> row) {
        WorkingTable t = tables.get(tableName);
        if (t == null) {
            // a root table extract did not announce (no hints, so no contract either)
            t = new WorkingTable(Table.root(tableName, tableName, WriteDisposition.APPEND), SchemaContract.EVOLVE,
                    true);
            tables.put(tableName, t);
        } else if (t.isNew && t.contract.tables() != Mode.EVOLVE && !allowNewTable(tableName, t.contract, row)) {
            return;
        }
        int maxNesting = t.table.maxTableNesting() == Table.DEFAULT_NESTING ? DEFAULT_MAX_NESTING
                : t.table.maxTableNesting();
        boolean rootKey = t.table.writeDisposition() == WriteDisposition.MERGE;
        boolean scd2 = rootKey && t.table.mergeStrategy() == MergeStrategy.SCD2;
        Object given = row.get("_dlt_id");
        // scd2 identifies a row version by its content, so an unchanged row keeps its id across loads
        String id = given instanceof String s ? s : scd2 ? contentId(row) : randomId();
        if (scd2 && !t.columns.containsKey(VALID_FROM)) {
            t.add(Column.of(VALID_FROM, DataType.TIMESTAMP));
            t.add(Column.of(VALID_TO, DataType.TIMESTAMP));
        }
        TableFileWriter w = t.rowWriter();
        w.beginRow();
        t.beginRow();
        List<Pending> children = flatten(t, w, row, null, 0, maxNesting, true);
        if (rowDiscarded) {
            t.discardRow();
            return;
        }
        emit(t, w, Schema.dltLoadIdColumn(), loadId);
        emit(t, w, Schema.dltIdColumn(), id);
        w.endRow();
        t.seenData = true;
        if (children != null) {
            for (Pending p : children) {
                normalizeList(t, p, id, rootKey ? id : null, maxNesting);
            }
        }
    }

    /** A list found in a row, to be unnested after the row itself is written. */
    private record Pending(String path, List<?> items, int level) {
    }

    private List<Pending> flatten(WorkingTable t, TableFileWriter w, Map<?, ?> row, String prefix, int level,
            int maxNesting, boolean root) {
        List<Pending> children = null;
        for (Map.Entry<?, ?> e : row.entrySet()) {
            if (rowDiscarded) {
                break;
            }
            Object v = e.getValue();
            String key = (String) e.getKey();
            String name = prefix == null ? rootName(key) : path(prefix, key, true);
            if (v == null) {
                Column c = t.column(name);
                if (c != null && !c.nullable()) {
                    throw new NormalizeException(t.name(), name, "a null value in a column that is not nullable");
                }
                continue;
            }
            if (root && name.equals("_dlt_id")) {
                continue;
            }
            if (v instanceof Map<?, ?> m && !nestedAsJson(t, name, level, maxNesting)) {
                List<Pending> nested = flatten(t, w, m, name, level + 1, maxNesting, false);
                if (nested != null) {
                    if (children == null) {
                        children = new ArrayList<>();
                    }
                    children.addAll(nested);
                }
                continue;
            }
            if (v instanceof List<?> l && !nestedAsJson(t, name, level, maxNesting)) {
                if (!l.isEmpty()) {
                    if (children == null) {
                        children = new ArrayList<>();
                    }
                    children.add(new Pending(name, l, level + 1));
                }
                continue;
            }
            write(t, w, name, v);
        }
        return children;
    }

    /** A top-level key's column name; keys are the reader's dictionary instances, so identity finds them. */
    private String rootName(String key) {
        String n = keyNames.get(key);
        if (n == null) {
            n = naming.normalizePath(key);
            keyNames.put(key, n);
        }
        return n;
    }

    private boolean nestedAsJson(WorkingTable t, String name, int level, int maxNesting) {
        if (level + 1 > maxNesting) {
            return true;
        }
        Column c = t.column(name);
        return c != null && c.dataType() == DataType.JSON;
    }

    private void normalizeList(WorkingTable parent, Pending p, String parentId, String rootId, int maxNesting) {
        String childName = path(parent.name(), p.path(), false);
        WorkingTable child = tables.get(childName);
        if (child == null) {
            if (!allowNewTable(childName, parent.contract, p.items())) {
                return;
            }
            child = new WorkingTable(Table.child(childName, parent.name()), parent.contract, true);
            tables.put(childName, child);
        } else if (child.isNew && child.contract.tables() != Mode.EVOLVE
                && !allowNewTable(childName, child.contract, p.items())) {
            return;
        }
        TableFileWriter w = child.rowWriter();
        List<?> items = p.items();
        for (int idx = 0; idx < items.size(); idx++) {
            Object item = items.get(idx);
            if (item == null) {
                continue;
            }
            String id = childId(parentId, childName, idx);
            w.beginRow();
            child.beginRow();
            List<Pending> grandChildren = null;
            if (item instanceof Map<?, ?> m) {
                grandChildren = flatten(child, w, m, null, p.level(), maxNesting, false);
            } else if (item instanceof List<?> inner) {
                // a list of lists: this row only links the inner list, whose values go one table deeper
                if (!inner.isEmpty()) {
                    grandChildren = List.of(new Pending("list", inner, p.level() + 1));
                }
            } else {
                write(child, w, "value", item);
            }
            if (rowDiscarded) {
                child.discardRow();
                continue;
            }
            emit(child, w, Schema.dltParentIdColumn(), parentId);
            emit(child, w, Schema.dltListIdxColumn(), (long) idx);
            emit(child, w, Schema.dltIdColumn(), id);
            if (rootId != null) {
                emit(child, w, Schema.dltRootIdColumn(), rootId);
            }
            w.endRow();
            child.seenData = true;
            if (grandChildren != null) {
                for (Pending g : grandChildren) {
                    normalizeList(child, g, id, rootId, maxNesting);
                }
            }
        }
    }

    /**
     * Whether rows may go to a table that has not seen data yet, by the {@code tables} entity of
     * its contract: {@code freeze} fails, the discard modes drop the rows (and their nested rows).
     */
    private boolean allowNewTable(String table, SchemaContract contract, Object sample) {
        switch (contract.tables()) {
            case EVOLVE:
                return true;
            case FREEZE:
                throw new NormalizeException(table, "the schema contract (tables: freeze) does not allow the new"
                        + " table " + table + ", which got the data " + quoted(sample) + "; set tables to evolve"
                        + " (or discard_row / discard_value to drop its rows) to load it");
            default:
                return false;
        }
    }

    /** Writes a system column, creating it with dlt's hints the first time. */
    private void emit(WorkingTable t, TableFileWriter w, Column system, Object value) {
        Column c = t.column(system.name());
        if (c == null) {
            c = system;
            t.add(c);
        }
        w.value(c, value);
    }

    /** Writes a data value: infers a new column, coerces into an existing one, or goes to a variant. */
    private void write(WorkingTable t, TableFileWriter w, String name, Object v) {
        Column c = t.column(name);
        if (c == null) {
            if (!t.columnsEvolve && !name.startsWith("_dlt") && !allowContract(t, name, t.contract.columns(),
                    "columns", () -> "the schema contract (columns: freeze) of table " + t.name() + " does not allow"
                            + " the new column " + name + ", which got the value " + quoted(v))) {
                return;
            }
            DataType type = Types.infer(v);
            c = newColumn(t, name, type, v);
            t.add(c);
        }
        Object coerced = Types.coerce(v, c.dataType());
        if (coerced != Types.NO_FIT) {
            w.value(c, coerced);
            return;
        }
        DataType vt = Types.infer(v);
        String variantName = naming.makePath(name, "v_" + vt.dltName());
        Column variant = t.column(variantName);
        if (variant == null) {
            DataType columnType = c.dataType();
            if (t.contract.dataType() != Mode.EVOLVE && !allowContract(t, name, t.contract.dataType(),
                    "data_type", () -> "the value " + quoted(v) + " does not fit the column's type " + columnType
                            + " and the schema contract (data_type: freeze) of table " + t.name()
                            + " does not allow the variant column " + variantName)) {
                return;
            }
            variant = newColumn(t, variantName, vt, v).withVariant(true);
            t.add(variant);
        }
        Object inVariant = Types.coerce(v, variant.dataType());
        if (inVariant == Types.NO_FIT) {
            throw new NormalizeException(t.name(), name, "the value " + abbreviate(v) + " of type " + vt
                    + " fits neither the column's type " + c.dataType() + " nor its variant " + variantName
                    + " of type " + variant.dataType());
        }
        w.value(variant, inVariant);
    }

    /**
     * Applies one entity's mode to a value the schema cannot take as it is: {@code true} to take it,
     * {@code false} to drop the value (or, for {@code discard_row}, the whole row).
     */
    private boolean allowContract(WorkingTable t, String column, Mode mode, String entity,
            Supplier<String> frozen) {
        switch (mode) {
            case EVOLVE:
                return true;
            case FREEZE:
                throw new NormalizeException(t.name(), column, frozen.get() + "; set " + entity
                        + " to evolve (or discard_value / discard_row to drop it) to load it");
            case DISCARD_ROW:
                rowDiscarded = true;
                return false;
            default:
                return false;
        }
    }

    private Column newColumn(WorkingTable t, String name, DataType type, Object sample) {
        Column c = Column.of(name, type);
        if (sample instanceof BigInteger && type == DataType.DECIMAL) {
            c = c.withPrecision(Types.MAX_DECIMAL_DIGITS, 0);
        }
        if (t.table.primaryKey().contains(name)) {
            c = c.withPrimaryKey(true);
        }
        if (t.table.mergeKey().contains(name)) {
            c = c.withMergeKey(true);
        }
        return c;
    }

    private String randomId() {
        long a = random.nextLong();
        long b = random.nextLong();
        for (int i = 0; i < 8; i++) {
            idBytes[i] = (byte) (a >>> (8 * i));
        }
        idBytes[8] = (byte) b;
        idBytes[9] = (byte) (b >>> 8);
        return ID_ENCODER.encodeToString(idBytes);
    }

    private String contentId(Map<String, Object> row) {
        digestValue(row);
        System.arraycopy(digest.digest(), 0, idBytes, 0, idBytes.length);
        return ID_ENCODER.encodeToString(idBytes);
    }

    /** Feeds a value to the digest in a canonical form: map keys sorted, {@code _dlt*} keys left out. */
    private void digestValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            digest.update((byte) '{');
            m.keySet().stream().map(String::valueOf).filter(k -> !k.startsWith("_dlt")).sorted().forEach(k -> {
                digest.update(k.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) ':');
                digestValue(m.get(k));
                digest.update((byte) ',');
            });
            digest.update((byte) '}');
        } else if (v instanceof List<?> l) {
            digest.update((byte) '[');
            for (Object o : l) {
                digestValue(o);
                digest.update((byte) ',');
            }
            digest.update((byte) ']');
        } else if (v instanceof byte[] b) {
            digest.update(b);
        } else {
            digest.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The deterministic id of a child row, from dlt's input {@code "<parent_id>_<child_table>_<idx>"}:
     * two 64-bit mixes of its characters (80 bits kept), which costs a fraction of a cryptographic
     * digest per child row; ids only need to be unique and stable, not secret.
     */
    private String childId(String parentId, String childTable, int idx) {
        long h1 = 0x9E3779B97F4A7C15L;
        long h2 = 0xC2B2AE3D27D4EB4FL;
        for (String part : new String[] {parentId, "_", childTable, "_"}) {
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                h1 = mix(h1 ^ c);
                h2 = mix(h2 + c * 0x94D049BB133111EBL);
            }
        }
        h1 = mix(h1 ^ idx);
        h2 = mix(h2 + idx);
        for (int i = 0; i < 8; i++) {
            idBytes[i] = (byte) (h1 >>> (8 * i));
        }
        idBytes[8] = (byte) h2;
        idBytes[9] = (byte) (h2 >>> 8);
        return ID_ENCODER.encodeToString(idBytes);
    }

    /** SplitMix64's finalizer: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * {@code parent__child} for a normalized parent path and a raw key. Both recur as the same
     * instances on every row, so the joined name is cached by identity instead of built per value.
     */
    private String path(String parent, String key, boolean rawKey) {
        var cache = rawKey ? paths : childTables;
        java.util.IdentityHashMap<String, String> byKey = cache.get(parent);
        if (byKey == null) {
            byKey = new java.util.IdentityHashMap<>();
            cache.put(parent, byKey);
        }
        String joined = byKey.get(key);
        if (joined == null) {
            joined = naming.makePath(parent, rawKey ? naming.normalizePath(key) : key);
            byKey.put(key, joined);
        }
        return joined;
    }

    /** A value as an error message shows it: text in quotes, everything abbreviated. */
    private static String quoted(Object v) {
        return v instanceof String ? "'" + abbreviate(v) + "'" : abbreviate(v);
    }

    private static String abbreviate(Object v) {
        String s = String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** The evolved schema: the input tables in their order, then new tables; seen-data flags set. */
    Schema schema() {
        Map<String, Table> out = new LinkedHashMap<>();
        for (WorkingTable t : tables.values()) {
            out.put(t.name(), t.toTable());
        }
        return new Schema(schemaName, schemaVersion, out);
    }

    /** Rows written per table. */
    Map<String, Long> rowCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (WorkingTable t : tables.values()) {
            if (t.writer != null) {
                out.put(t.name(), t.writer.rows());
            }
        }
        return out;
    }

    /** Tables that got a writer, i.e. have job files in this package. */
    List<TableFileWriter> openWriters() {
        List<TableFileWriter> out = new ArrayList<>();
        for (WorkingTable t : tables.values()) {
            if (t.writer != null) {
                out.add(t.writer);
            }
        }
        return out;
    }

    /** Makes sure the table has a job file even if it got no rows (an empty replace). */
    void touch(String tableName) {
        WorkingTable t = tables.get(tableName);
        if (t == null) {
            return;
        }
        t.writer().touch();
    }

    /** A table's mutable state during one normalize pass. */
    private final class WorkingTable {
        final Table table;
        final Map<String, Column> columns;
        private final java.util.IdentityHashMap<String, Column> byIdentity = new java.util.IdentityHashMap<>();
        /** The contract of the root table, resolved once. */
        final SchemaContract contract;
        /** Had not seen data before this package: subject to {@code tables}, free to add columns. */
        final boolean isNew;
        final boolean columnsEvolve;
        /** Rows are held until complete, so that discard_row can drop them and the columns they added. */
        final RowBuffer rowBuffer;
        final List<String> addedInRow;
        boolean seenData;
        TableFileWriter writer;

        WorkingTable(Table table, SchemaContract contract, boolean isNew) {
            this.table = table;
            this.columns = new LinkedHashMap<>(table.columns());
            this.seenData = table.seenData();
            this.contract = contract;
            this.isNew = isNew;
            this.columnsEvolve = isNew || contract.columns() == Mode.EVOLVE;
            boolean mayDiscardRows = (!columnsEvolve && contract.columns() == Mode.DISCARD_ROW)
                    || contract.dataType() == Mode.DISCARD_ROW;
            this.rowBuffer = mayDiscardRows ? new RowBuffer() : null;
            this.addedInRow = mayDiscardRows ? new ArrayList<>() : null;
        }

        /** Where the values of the next row go: the file writer, or the row buffer in front of it. */
        TableFileWriter rowWriter() {
            TableFileWriter w = writer();
            if (rowBuffer == null) {
                return w;
            }
            rowBuffer.target = w;
            return rowBuffer;
        }

        void beginRow() {
            rowDiscarded = false;
            if (addedInRow != null) {
                addedInRow.clear();
            }
        }

        /** Drops the current row and the columns only it had added. */
        void discardRow() {
            rowBuffer.discard();
            for (String name : addedInRow) {
                columns.remove(name);
                byIdentity.clear();
            }
            addedInRow.clear();
            rowDiscarded = false;
        }

        String name() {
            return table.name();
        }

        /**
         * The column by name. Names come from the naming cache, so the same instance recurs on every
         * row: an identity lookup first saves hashing the name per value.
         */
        Column column(String name) {
            Column c = byIdentity.get(name);
            if (c == null) {
                c = columns.get(name);
                if (c != null) {
                    byIdentity.put(name, c);
                }
            }
            return c;
        }

        void add(Column c) {
            byIdentity.clear();
            columns.put(c.name(), c);
            if (addedInRow != null) {
                addedInRow.add(c.name());
            }
        }

        TableFileWriter writer() {
            if (writer == null) {
                writer = writers.apply(table.name());
            }
            return writer;
        }

        Table toTable() {
            return new Table(table.name(), table.parent(), table.resource(), table.writeDisposition(),
                    table.mergeStrategy(), columns, table.primaryKey(), table.mergeKey(), seenData,
                    table.maxTableNesting(), table.contract(), table.fileFormat());
        }
    }

    /** Holds one row's values and hands them to the file writer only when the row is complete. */
    private static final class RowBuffer implements TableFileWriter {
        TableFileWriter target;
        private Column[] columns = new Column[16];
        private Object[] values = new Object[16];
        private int size;

        @Override
        public void beginRow() {
            size = 0;
        }

        @Override
        public void value(Column column, Object value) {
            if (size == columns.length) {
                columns = java.util.Arrays.copyOf(columns, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            columns[size] = column;
            values[size++] = value;
        }

        @Override
        public void endRow() {
            target.beginRow();
            for (int i = 0; i < size; i++) {
                target.value(columns[i], values[i]);
            }
            target.endRow();
            discard();
        }

        void discard() {
            java.util.Arrays.fill(values, 0, size, null);
            size = 0;
        }

        @Override
        public long rows() {
            return target.rows();
        }

        @Override
        public void touch() {
            target.touch();
        }

        @Override
        public List<dev.dlt4j.storage.JobFileName> files() {
            return target.files();
        }

        @Override
        public Map<dev.dlt4j.storage.JobFileName, Long> rowsPerFile() {
            return target.rowsPerFile();
        }

        @Override
        public void close() {
            target.close();
        }
    }
}
