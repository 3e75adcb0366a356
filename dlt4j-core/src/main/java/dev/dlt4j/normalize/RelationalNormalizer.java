package dev.dlt4j.normalize;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnHint;
import dev.dlt4j.DataType;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.SchemaContract;
import dev.dlt4j.SchemaContract.Mode;
import dev.dlt4j.schema.Table;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.normalize.FlatRow.Name;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import dev.dlt4j.log.Logs;

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
    private static final Logger LOG = Logs.get(RelationalNormalizer.class);
    private static final byte[] ID_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    private final NamingConvention naming;
    private final String loadId;
    private final Map<String, WorkingTable> tables = new LinkedHashMap<>();
    private final Function<String, TableFileWriter> writers;
    private final SplittableRandom random = new SplittableRandom();
    private final MessageDigest digest;
    private final java.util.IdentityHashMap<String, Name> keyNames = new java.util.IdentityHashMap<>();
    private final java.util.IdentityHashMap<String, java.util.IdentityHashMap<String, Name>> paths =
            new java.util.IdentityHashMap<>();
    private final java.util.IdentityHashMap<String, java.util.IdentityHashMap<String, String>> childTables =
            new java.util.IdentityHashMap<>();
    private final byte[] idBytes = new byte[10];
    private final byte[] partLength = new byte[4];
    /** One {@link Name} per distinct column name (see {@link #name}); lookups only, never iterated. */
    private final Map<String, Name> names = new HashMap<>();
    private final FlatRow flat = new FlatRow();
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final Column idColumn = Schema.dltIdColumn();
    /**
     * An scd2 root table's {@code _dlt_id}, the row version's hash: neither unique nor the row key, as
     * in dlt, since a version that is retired and comes back again is inserted with the same hash.
     */
    private final Column rowVersionColumn = idColumn.toBuilder().unique(false).rowKey(false).build();
    private final Column loadIdColumn = Schema.dltLoadIdColumn();
    private final Column parentIdColumn = Schema.dltParentIdColumn();
    private final Column listIdxColumn = Schema.dltListIdxColumn();
    private final Column rootIdColumn = Schema.dltRootIdColumn();
    private final Name idName = name(idColumn.name());
    private final Name loadIdName = name(loadIdColumn.name());
    private final Name parentIdName = name(parentIdColumn.name());
    private final Name listIdxName = name(listIdxColumn.name());
    private final Name rootIdName = name(rootIdColumn.name());
    private final Name valueName = name("value");
    /** Tables and names a collision was reported for (lookups only). */
    private final Set<String> warned = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();
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
            Table parent = schema.tables().get(cur.parent().get());
            if (parent == null) {
                return cur.contract();
            }
            cur = parent;
        }
        return cur.contract();
    }

    /** Normalizes one row of a root table and all its nested rows. */
    void normalizeRoot(String tableName, Map<String, Object> row) {
        if (pageKeys != null) {
            pageKeys = null; // a typed page's declared columns apply to its own rows only
            pageHints = Map.of();
            pageFast = null;
            pageFastTable = null;
        }
        WorkingTable t = rootTable(tableName, () -> row);
        if (t == null) {
            return;
        }
        int maxNesting = t.table.maxTableNesting().orElse(DEFAULT_MAX_NESTING);
        flat.clear();
        List<Pending> children = flatten(t, row, 0, maxNesting);
        writeRoot(t, children, maxNesting, () -> row);
    }

    /**
     * Normalizes one row of a root table given positionally: {@code values[i]} under the key
     * {@code keys[i]}, scalars only (a typed page's or a scalar record's row). The outcome is that of
     * {@link #normalizeRoot(String, Map)} for the map of those keys in that order, without building
     * it: the keys are the same array instance for every row of a file, so their names are
     * normalized once per file. {@code hints} (by raw key; null: none) are the page's declared columns,
     * whose nullability, precision, scale and timezone a column created from their values gets.
     */
    void normalizeRoot(String tableName, String[] keys, Object[] values, Map<String, Column> hints) {
        Supplier<Map<String, Object>> row = () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                m.put(keys[i], values[i]);
            }
            return m;
        };
        WorkingTable t = rootTable(tableName, row);
        if (t == null) {
            return;
        }
        Name[] names = pageNames(keys, hints);
        if (pageFast != null && fastRow(t, values)) {
            return;
        }
        flat.clear();
        for (int i = 0; i < names.length; i++) {
            String replaced = flat.put(names[i], values[i], null, keys[i]);
            if (replaced != null) {
                warnCollision(t.name(), names[i].value, replaced, keys[i], "column");
            }
        }
        writeRoot(t, null, t.table.maxTableNesting().orElse(DEFAULT_MAX_NESTING), row);
        if (pageFast != null && pageFastTable == null) {
            pageFastTable = resolveFast(t, keys);
        }
    }

    /**
     * The typed rows' short cut, once the table has every column of the file with the file's own type:
     * the values then go to the writer as they are, in the order the row path writes them (data values
     * in key order, then {@code _dlt_load_id} and {@code _dlt_id}), without the flattened row or a
     * column look-up per value; a value is coerced only where the column's type differs from the file's
     * (a value of a column's own type is itself). Taken only where the
     * row path could do nothing else: distinct names, none of them dlt's, no contract that discards
     * rows, no scd2. Returns false to take the row path.
     */
    private boolean fastRow(WorkingTable t, Object[] values) {
        if (pageFastTable != t) {
            return false;
        }
        Column[] cols = pageFast;
        Object[] out = pageOut;
        for (int i = 0; i < cols.length; i++) {
            Object v = values[i];
            if (v == null) {
                if (!cols[i].nullable()) {
                    throw new NormalizeException(t.name(), cols[i].name(), "a null value in a column that is not"
                            + " nullable");
                }
            } else if (pageCoerce[i]) {
                // a column of another type than the file's (text detected as timestamps): coerced as the row
                // path coerces; a value that does not fit takes the row path, which puts it into a variant
                v = Types.coerce(v, cols[i].dataType());
                if (v == Types.NO_FIT) {
                    return false;
                }
            }
            out[i] = v;
        }
        TableFileWriter w = t.writer();
        w.beginRow();
        for (int i = 0; i < cols.length; i++) {
            if (out[i] != null) {
                w.value(cols[i], out[i]);
            }
        }
        w.value(pageLoadId, loadId);
        w.value(pageId, randomId());
        w.endRow();
        return true;
    }

    /** The columns of the short cut for this file's keys in table {@code t}, or {@code null} while it cannot be taken. */
    private WorkingTable resolveFast(WorkingTable t, String[] keys) {
        if (t.rowBuffer != null || (t.table.writeDisposition() == WriteDisposition.MERGE
                && (t.table.mergeStrategy() == MergeStrategy.SCD2 || t.table.mergeStrategy().matchesByPrimaryKey()))) {
            return null;
        }
        Column[] cols = new Column[keys.length];
        boolean[] coerce = new boolean[keys.length];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.length; i++) {
            String name = pageNames[i].value;
            Column declared = pageHintsByPosition[i];
            Column c = t.column(name);
            if (name.startsWith("_dlt") || !seen.add(name) || c == null || declared == null
                    || c.dataType() == DataType.JSON) {
                return null;
            }
            cols[i] = c;
            coerce[i] = c.dataType() != declared.dataType();
        }
        pageLoadId = t.column(loadIdColumn.name());
        pageId = t.column(idColumn.name());
        if (pageLoadId == null || pageId == null) {
            return null;
        }
        pageFast = cols;
        pageCoerce = coerce;
        pageOut = new Object[cols.length];
        return t;
    }

    /** The short cut's columns by position (see {@link #fastRow}); null until resolved for the current file. */
    private Column[] pageFast;
    private WorkingTable pageFastTable;
    private Column pageLoadId;
    private Column pageId;
    private Column[] pageHintsByPosition = new Column[0];
    /** Per position of the short cut: whether the column's type differs from the file's (values coerced). */
    private boolean[] pageCoerce;
    /** The short cut's values of the current row, coerced, before they are written. */
    private Object[] pageOut;

    /** The normalized names of a file's keys (cached for the array instance) and its page hints by name. */
    private Name[] pageNames(String[] keys, Map<String, Column> hints) {
        if (keys != pageKeys) {
            pageKeys = keys;
            pageNames = new Name[keys.length];
            pageHints = new HashMap<>();
            pageHintsByPosition = new Column[keys.length];
            for (int i = 0; i < keys.length; i++) {
                pageNames[i] = rootName(keys[i]);
                Column h = hints == null ? null : hints.get(keys[i]);
                if (h != null) {
                    pageHints.put(pageNames[i].value, h);
                    pageHintsByPosition[i] = h;
                }
            }
            // a new file: the short cut is resolved again for its keys (and table)
            pageFast = new Column[0];
            pageFastTable = null;
        }
        return pageNames;
    }

    private String[] pageKeys;
    private Name[] pageNames;
    /** The page's declared columns by normalized name, for {@link #newColumn}; empty for map rows. */
    private Map<String, Column> pageHints = Map.of();

    /** The working root table of a row, or {@code null} when its contract drops the row. */
    private WorkingTable rootTable(String tableName, Supplier<Map<String, Object>> sample) {
        WorkingTable t = tables.get(tableName);
        if (t == null) {
            // a root table extract did not announce (no hints, so no contract either)
            t = new WorkingTable(Table.root(tableName, tableName, WriteDisposition.APPEND), SchemaContract.EVOLVE,
                    true);
            tables.put(tableName, t);
        } else if (t.isNew && t.contract.tables() != Mode.EVOLVE && !allowNewTable(tableName, t.contract,
                sample.get())) {
            return null;
        }
        if (t.table.isScd2()) {
            // extract declares them; a table stored before it did gets them here
            for (String validity : List.of(t.table.scd2().validFrom(), t.table.scd2().validTo())) {
                if (!t.columns.containsKey(validity)) {
                    t.add(Column.of(validity, DataType.TIMESTAMP));
                }
            }
        }
        return t;
    }

    /** Adds the system values to the flattened row, writes it, then unnests its lists. */
    private void writeRoot(WorkingTable t, List<Pending> children, int maxNesting,
            Supplier<Map<String, Object>> row) {
        // scd2 whose row version is dlt's _dlt_id (not a column of the data): the row's hash
        boolean rowHash = t.table.isScd2() && t.table.scd2().rowVersionColumnName().equals(idName.value);
        if (t.table.isScd2() && !rowHash && flat.get(name(t.table.scd2().rowVersionColumnName())) == null) {
            throw new NormalizeException(t.name(), t.table.scd2().rowVersionColumnName(), "the row has no value for"
                    + " this row version column (row_version_column_name); merge strategy scd2 compares versions by it");
        }
        boolean rootKey = requiresRootKey(t);
        // dlt sets the load id over whatever the row holds, then keeps a row's own (non-empty) _dlt_id
        putSystem(t, loadIdName, loadIdColumn, loadId);
        String id = ownId();
        if (id == null) {
            // scd2 identifies a row version by its content, so an unchanged row keeps its id across loads;
            // upsert and insert-only identify a row by its key, so a key keeps its id (and its nested rows theirs)
            id = rowHash ? contentId(row.get()) : keyHashed(t) ? keyId(t) : randomId();
            putSystem(t, idName, rowHash ? rowVersionColumn : idColumn, id);
        }
        TableFileWriter w = t.rowWriter();
        w.beginRow();
        t.beginRow();
        writeRow(t, w);
        if (rowDiscarded) {
            t.discardRow();
            return;
        }
        w.endRow();
        t.seenData = true;
        if (children != null) {
            for (Pending p : children) {
                normalizeList(t, p, id, rootKey ? id : null, maxNesting);
            }
        }
    }

    /**
     * dlt's {@code requires_root_key}: child rows of this root carry {@code _dlt_root_id} when the table
     * merges by {@code delete-insert}, {@code upsert} or {@code insert-only} (which delete children by it),
     * and always once the table was so merged or its source asked for it ({@link Table#propagatesRootKey()})
     * or any of its nested tables has the column, whatever the disposition now (a replace after a merge
     * otherwise left it null in a NOT NULL column). Never by merge for dlt's own tables. Decided once per
     * table and package.
     */
    private boolean requiresRootKey(WorkingTable t) {
        if (t.requiresRootKey == null) {
            boolean merge = t.table.writeDisposition() == WriteDisposition.MERGE
                    && t.table.mergeStrategy() != MergeStrategy.SCD2 && !Schema.isDltTable(t.table.name());
            t.requiresRootKey = merge || t.table.propagatesRootKey() || nestedHasRootKey(t.table.name());
        }
        return t.requiresRootKey;
    }

    /** Whether root {@code root} or a table nested (at any depth) under it has a root-key column (dlt's include_self). */
    private boolean nestedHasRootKey(String root) {
        for (WorkingTable w : tables.values()) {
            if (w.columns.values().stream().anyMatch(Column::rootKey) && root.equals(rootNameOf(w.table))) {
                return true;
            }
        }
        return false;
    }

    /** The root of a nested table's chain, by its parents; the table itself when a parent is unknown. */
    private String rootNameOf(Table t) {
        Table cur = t;
        while (!cur.isRoot()) {
            WorkingTable parent = tables.get(cur.parent().get());
            if (parent == null) {
                return cur.name();
            }
            cur = parent.table;
        }
        return cur.name();
    }

    /**
     * Whether dlt keeps a row's own {@code _dlt_id}: when it is truthy in Python's sense (a non-empty
     * string, a non-zero number, {@code true}, any other value).
     */
    private static boolean truthy(Object v) {
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return v != null;
    }

    /**
     * The row's own {@code _dlt_id} when dlt keeps it (it then stays a data value, typed by inference
     * like any other, in its own position); {@code null} when dlt's id is to be put.
     */
    private String ownId() {
        Object own = flat.get(idName);
        return truthy(own) ? own.toString() : null;
    }

    /**
     * A list found in a row, to be unnested after the row itself is written; {@code prefix} and
     * {@code key} say where the input had it, for warnings.
     */
    private record Pending(String path, List<?> items, int level, String prefix, String key) {
        String origin() {
            return prefix == null ? key : prefix + "." + key;
        }
    }

    /** An object still to flatten into the current row: its values go to columns {@code prefix__key}. */
    private record Frame(Map<?, ?> map, Name prefix, int level) {
    }

    /**
     * Flattens {@code row} into {@link #flat} in dlt's order: the values of one object level first,
     * in key order, then the nested objects met on that level, last met first (dlt walks them with a
     * stack), each the same way. A name met again takes the later value in the earlier position, as
     * dlt's row dict does; so a nested {@code {"a": {"b": 2}}} wins over a flat {@code "a__b": 1}.
     * Lists are collected, in the order met, to be unnested after the row is written.
     */
    private List<Pending> flatten(WorkingTable t, Map<?, ?> row, int level, int maxNesting) {
        List<Pending> children = null;
        Map<?, ?> map = row;
        Name prefix = null;
        int lvl = level;
        int slot = 0;
        while (true) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = e.getValue();
                String key = (String) e.getKey();
                Name name = t.slotName(slot, key, prefix);
                if (name == null) {
                    name = prefix == null ? rootName(key) : columnPath(prefix.value, key);
                    t.rememberSlot(slot, key, prefix, name);
                }
                slot++;
                // the common scalars first, by their (final) classes: asking a String or a Long whether it is
                // a Map and then a List, value after value, makes the JVM (before 23) rewrite the class's
                // one-entry cache of interface checks every time; that was most of this loop's time
                boolean scalar = v == null || v instanceof String || v instanceof Long || v instanceof Double
                        || v instanceof Boolean;
                if (!scalar && v instanceof Map<?, ?> m && !nestedAsJson(t, name, lvl, maxNesting)) {
                    frames.push(new Frame(m, name, lvl + 1));
                    continue;
                }
                String parent = prefix == null ? null : prefix.value;
                if (!scalar && v instanceof List<?> l && !nestedAsJson(t, name, lvl, maxNesting)) {
                    children = addPending(t, children, new Pending(name.value, l, lvl + 1, parent, key));
                    continue;
                }
                String replaced = flat.put(name, v, parent, key);
                if (replaced != null) {
                    warnCollision(t.name(), name.value, replaced, parent == null ? key : parent + "." + key,
                            "column");
                }
            }
            Frame next = frames.poll();
            if (next == null) {
                return children;
            }
            map = next.map();
            prefix = next.prefix();
            lvl = next.level();
        }
    }

    /** Adds a list to unnest; a second list for the same child table replaces the first in its place. */
    private List<Pending> addPending(WorkingTable t, List<Pending> children, Pending p) {
        if (children == null) {
            children = new ArrayList<>();
        }
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).path().equals(p.path())) {
                warnCollision(t.name(), naming.makePath(t.name(), p.path()), children.get(i).origin(), p.origin(),
                        "child table");
                children.set(i, p);
                return children;
            }
        }
        children.add(p);
        return children;
    }

    /** Puts dlt's value of a system column into the row, warning when it replaces one of the row's keys. */
    private void putSystem(WorkingTable t, Name name, Column system, Object value) {
        String replaced = flat.putSystem(name, system, value);
        if (replaced != null) {
            warnCollision(t.name(), system.name(), replaced, "dlt's own value", "system column");
        }
    }

    /**
     * Logs, once per table and name, that two keys of a row map to the same name and the later
     * value won (dlt keeps the last value silently; the spec's README, point 12, asks for a warning).
     */
    private void warnCollision(String table, String name, String first, String second, String what) {
        if (warned.add(table + "\u0000" + name)) {
            String message = "table " + table + ": the row keys '" + first + "' and '" + second + "' both map to "
                    + what + " " + name + "; the last value wins, as in dlt";
            if (what.equals("system column")) {
                message = "table " + table + ": the row key '" + first + "' is dlt's system column " + name
                        + "; dlt's value replaces it";
            }
            LOG.warn(message);
            warnings.add(message);
        }
    }

    /** Writes the flattened row: data values through {@link #write}, system values with dlt's hints. */
    private void writeRow(WorkingTable t, TableFileWriter w) {
        for (int i = 0; i < flat.size() && !rowDiscarded; i++) {
            Object v = flat.value(i);
            Column system = flat.system(i);
            Name name = flat.nameAt(i);
            if (system != null) {
                emit(t, w, name, system, v);
                continue;
            }
            if (v == null) {
                Column c = t.column(name);
                if (c != null && !c.nullable()) {
                    throw new NormalizeException(t.name(), name.value,
                            "a null value in a column that is not nullable");
                }
                continue;
            }
            write(t, w, name, v);
        }
    }

    /** A top-level key's column name; keys are the reader's dictionary instances, so identity finds them. */
    private Name rootName(String key) {
        Name n = keyNames.get(key);
        if (n == null) {
            n = name(naming.normalizePath(key));
            keyNames.put(key, n);
        }
        return n;
    }

    /** The one {@link Name} of a normalized name, so that keys that map to one name meet in {@link FlatRow}. */
    private Name name(String normalized) {
        Name n = names.get(normalized);
        if (n == null) {
            n = new Name(normalized, names.size());
            names.put(normalized, n);
        }
        return n;
    }

    private boolean nestedAsJson(WorkingTable t, Name name, int level, int maxNesting) {
        if (level + 1 > maxNesting) {
            return true;
        }
        Column c = t.column(name);
        return c != null && c.dataType() == DataType.JSON;
    }

    private void normalizeList(WorkingTable parent, Pending p, String parentId, String rootId, int maxNesting) {
        List<?> items = p.items();
        if (items.isEmpty()) {
            return; // dlt: an empty list makes no rows and no table
        }
        String childName = tablePath(parent.name(), p.path());
        WorkingTable child = tables.get(childName);
        if (child == null) {
            if (!allowNewTable(childName, parent.contract, items)) {
                return;
            }
            child = new WorkingTable(Table.child(childName, parent.name()), parent.contract, true);
            tables.put(childName, child);
        } else if (child.isNew && child.contract.tables() != Mode.EVOLVE
                && !allowNewTable(childName, child.contract, items)) {
            return;
        }
        TableFileWriter w = child.rowWriter();
        long[] idSeed = childIdSeed(parentId, childName); // the ids' common prefix, hashed once per list
        for (int idx = 0; idx < items.size(); idx++) {
            Object item = items.get(idx);
            flat.clear();
            List<Pending> grandChildren = null;
            if (item instanceof Map<?, ?> m) {
                grandChildren = flatten(child, m, p.level(), maxNesting);
            } else if (item instanceof List<?> inner) {
                // a list of lists: this row only links the inner list, whose values go one table deeper
                grandChildren = List.of(new Pending("list", inner, p.level() + 1, null, "list"));
            } else {
                // a scalar, or null: dlt wraps it as {"value": item}, so a null element is a row too
                flat.put(valueName, item, null, valueName.value);
            }
            // dlt's order: the propagated root id, then (unless the row has its own _dlt_id) the links
            if (rootId != null) {
                putSystem(child, rootIdName, rootIdColumn, rootId);
            }
            putSystem(child, parentIdName, parentIdColumn, parentId);
            putSystem(child, listIdxName, listIdxColumn, (long) idx);
            String id = ownId();
            if (id == null) {
                id = childId(idSeed, idx);
                putSystem(child, idName, idColumn, id);
            }
            w.beginRow();
            child.beginRow();
            writeRow(child, w);
            if (rowDiscarded) {
                child.discardRow();
                continue;
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
    private void emit(WorkingTable t, TableFileWriter w, Name name, Column system, Object value) {
        Column c = t.column(name);
        if (c == null) {
            c = system;
            t.add(c);
        }
        w.value(c, value);
    }

    /** Writes a data value: infers a new column, coerces into an existing one, or goes to a variant. */
    private void write(WorkingTable t, TableFileWriter w, Name columnName, Object v) {
        String name = columnName.value;
        Column c = t.column(columnName);
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
            if (coerced != null) {
                w.value(c, coerced);
            }
            return;
        }
        // dlt names the variant after the value's own type (an ISO string is text) but types a new
        // variant column by inference, detection included (so that variant holds timestamps)
        DataType own = Types.ownType(v);
        String variantName = variantName(t, name, own);
        Column variant = t.column(variantName);
        DataType vt = variant != null ? variant.dataType() : Types.infer(v);
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
            throw new NormalizeException(t.name(), name, "the value " + abbreviate(v) + " of type " + own
                    + " fits neither the column's type " + c.dataType() + " nor its variant " + variantName
                    + " of type " + variant.dataType());
        }
        if (inVariant != null) {
            w.value(variant, inVariant);
        }
    }

    /** {@code <col>__v_<type>}; a json value reuses a legacy {@code __v_complex} variant if the table has one. */
    private String variantName(WorkingTable t, String name, DataType own) {
        if (own == DataType.JSON) {
            Column legacy = t.column(naming.makePath(name, "v_complex"));
            if (legacy != null && legacy.variant()) {
                return legacy.name();
            }
        }
        return naming.makePath(name, "v_" + own.dltName());
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
        Column declared = pageHints.get(name);
        if (declared != null && declared.dataType() == type) {
            // a typed page's column: its declared nullability, precision and timezone, as a hint would
            c = c.toBuilder().nullable(c.nullable() && declared.nullable()).timezone(declared.timezone())
                    .precision(declared.precision(), declared.scale()).build();
        }
        ColumnHint hint = t.table.columnHints().get(name);
        return hint == null ? c : hint.applyTo(c);
    }

    private String randomId() {
        long a = random.nextLong();
        long b = random.nextLong();
        for (int i = 0; i < 8; i++) {
            idBytes[i] = (byte) (a >>> (8 * i));
        }
        idBytes[8] = (byte) b;
        idBytes[9] = (byte) (b >>> 8);
        return encodeId(idBytes);
    }

    /**
     * Ten bytes in URL-safe base64 without padding, dlt's 14 characters: what
     * {@code Base64.getUrlEncoder().withoutPadding()} gives, without its general loop and copies
     * (ids are made for every row).
     */
    static String encodeId(byte[] in) {
        byte[] out = new byte[14];
        int o = 0;
        for (int i = 0; i < 9; i += 3) {
            int bits = (in[i] & 0xFF) << 16 | (in[i + 1] & 0xFF) << 8 | (in[i + 2] & 0xFF);
            out[o++] = ID_ALPHABET[bits >>> 18];
            out[o++] = ID_ALPHABET[(bits >>> 12) & 0x3F];
            out[o++] = ID_ALPHABET[(bits >>> 6) & 0x3F];
            out[o++] = ID_ALPHABET[bits & 0x3F];
        }
        int last = in[9] & 0xFF;
        out[o++] = ID_ALPHABET[last >>> 2];
        out[o] = ID_ALPHABET[(last << 4) & 0x3F];
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Whether a root table's {@code _dlt_id} is the hash of the row's primary key (dlt's {@code key_hash}). */
    private static boolean keyHashed(WorkingTable t) {
        return t.table.writeDisposition() == WriteDisposition.MERGE && t.table.mergeStrategy().matchesByPrimaryKey();
    }

    /**
     * dlt's {@code key_hash}: the hash of the flattened row's primary-key values, the same bytes as
     * {@link #contentId} of a map of just those columns. A key without a value cannot identify its row.
     */
    private String keyId(WorkingTable t) {
        digest.update((byte) '{');
        for (Name key : t.primaryKeyNames()) {
            Object v = flat.get(key);
            if (v == null) {
                throw new NormalizeException(t.name(), key.value, "the row has no value for this primary key column;"
                        + " merge strategy " + t.table.mergeStrategy() + " identifies rows by their primary key");
            }
            // each part tagged and length-prefixed: keys ("1,b:2", "3") and ("1", "2,b:3") must not hash alike
            digestPart((byte) 'k', key.value.getBytes(StandardCharsets.UTF_8));
            if (v instanceof byte[] bytes) {
                digestPart((byte) 'b', bytes);
            } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
                digest.update((byte) 'j');
                digestValue(v);
            } else {
                digestPart((byte) 's', String.valueOf(v).getBytes(StandardCharsets.UTF_8));
            }
        }
        digest.update((byte) '}');
        System.arraycopy(digest.digest(), 0, idBytes, 0, idBytes.length);
        return encodeId(idBytes);
    }

    private void digestPart(byte tag, byte[] bytes) {
        digest.update(tag);
        int n = bytes.length;
        partLength[0] = (byte) (n >>> 24);
        partLength[1] = (byte) (n >>> 16);
        partLength[2] = (byte) (n >>> 8);
        partLength[3] = (byte) n;
        digest.update(partLength);
        digest.update(bytes);
    }

    private String contentId(Map<String, Object> row) {
        digestValue(row);
        System.arraycopy(digest.digest(), 0, idBytes, 0, idBytes.length);
        return encodeId(idBytes);
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
    private String childId(long[] seed, int idx) {
        long h1 = mix(seed[0] ^ idx);
        long h2 = mix(seed[1] + idx);
        for (int i = 0; i < 8; i++) {
            idBytes[i] = (byte) (h1 >>> (8 * i));
        }
        idBytes[8] = (byte) h2;
        idBytes[9] = (byte) (h2 >>> 8);
        return encodeId(idBytes);
    }

    /** The two hashes of {@code "<parent_id>_<child_table>_"}, which every id of one list starts from. */
    private static long[] childIdSeed(String parentId, String childTable) {
        long h1 = 0x9E3779B97F4A7C15L;
        long h2 = 0xC2B2AE3D27D4EB4FL;
        for (String part : new String[] {parentId, "_", childTable, "_"}) {
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                h1 = mix(h1 ^ c);
                h2 = mix(h2 + c * 0x94D049BB133111EBL);
            }
        }
        return new long[] {h1, h2};
    }

    /** SplitMix64's finalizer: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The column {@code parent__key} for a normalized parent path and a raw key. Both recur as the
     * same instances on every row, so the joined name is cached by identity instead of built per value.
     */
    private Name columnPath(String parent, String key) {
        java.util.IdentityHashMap<String, Name> byKey = paths.computeIfAbsent(parent,
                k -> new java.util.IdentityHashMap<>());
        Name joined = byKey.get(key);
        if (joined == null) {
            joined = name(naming.makePath(parent, naming.normalizePath(key)));
            byKey.put(key, joined);
        }
        return joined;
    }

    /** The child table {@code parent__path} for a table and a normalized path, cached by identity. */
    private String tablePath(String parent, String path) {
        java.util.IdentityHashMap<String, String> byKey = childTables.computeIfAbsent(parent,
                k -> new java.util.IdentityHashMap<>());
        String joined = byKey.get(path);
        if (joined == null) {
            joined = naming.makePath(parent, path);
            byKey.put(path, joined);
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

    /**
     * Adds the tables of {@code later} this normalizer does not have, as if it had started from
     * {@code later}: its tables in its order, then the tables created here, in the order they were
     * created. {@code later} must hold every table this normalizer started with, unchanged and in the
     * same order, and none it created; {@link NormalizeAhead} checks that before it calls this.
     */
    void addTables(Schema later) {
        Map<String, WorkingTable> rebuilt = new LinkedHashMap<>();
        for (Table t : later.tables().values()) {
            WorkingTable have = tables.get(t.name());
            rebuilt.put(t.name(), have != null ? have : new WorkingTable(t, contractOf(later, t), !t.seenData()));
        }
        tables.forEach(rebuilt::putIfAbsent);
        tables.clear();
        tables.putAll(rebuilt);
    }

    /** The evolved schema: the input tables in their order, then new tables; seen-data flags set. */
    Schema schema() {
        Map<String, Table> out = new LinkedHashMap<>();
        for (WorkingTable t : tables.values()) {
            out.put(t.name(), t.toTable());
        }
        // every nested table of a root whose rows propagated the root key gets the column, not only those that got
        // rows: a merge deletes nested rows by it (the migration fills it for the rows loaded before)
        for (WorkingTable t : tables.values()) {
            WorkingTable root = t.table.isRoot() ? null : tables.get(rootNameOf(t.table));
            if (root != null && Boolean.TRUE.equals(root.requiresRootKey)
                    && t.columns.values().stream().noneMatch(Column::rootKey)) {
                out.put(t.name(), out.get(t.name()).withColumn(rootIdColumn));
            }
        }
        return new Schema(schemaName, schemaVersion, out);
    }

    /** The collision warnings logged so far, in order. */
    List<String> warnings() {
        return List.copyOf(warnings);
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

    /** Key positions cached per table and row at most (see {@code WorkingTable.slotName}). */
    private static final int MAX_SLOTS = 1024;
    /** Marks a name a table has no column of, in {@code WorkingTable.byName}. */
    private static final Column ABSENT = Column.of("\u0000absent", DataType.TEXT);

    /** A table's mutable state during one normalize pass. */
    private final class WorkingTable {
        final Table table;
        final Map<String, Column> columns;
        private final java.util.IdentityHashMap<String, Column> byIdentity = new java.util.IdentityHashMap<>();
        /**
         * The column of each {@link Name} (by its id) looked up so far, {@link #ABSENT} when the table has
         * none: one array read per value instead of a map lookup. Cleared when columns change.
         */
        private Column[] byName = new Column[64];
        /** See {@link #slotName}. */
        private String[] slotKeys = new String[16];
        private Name[] slotPrefixes = new Name[16];
        private Name[] slotNames = new Name[16];
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
        /** For a root table: {@link #requiresRootKey}, once decided. */
        Boolean requiresRootKey;
        /** For a key-hashed root table: its primary-key columns, sorted, once known ({@link #primaryKeyNames}). */
        private List<Name> primaryKeyNames;

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
                java.util.Arrays.fill(byName, null);
            }
            addedInRow.clear();
            rowDiscarded = false;
        }

        String name() {
            return table.name();
        }

        /**
         * The primary key as dlt reads it for the key hash: every column with the {@code primary_key}
         * hint, declared on the table, a column or a column hint, in name order (dlt sorts the keys it hashes).
         */
        List<Name> primaryKeyNames() {
            if (primaryKeyNames == null) {
                java.util.SortedSet<String> keys = new java.util.TreeSet<>(table.primaryKey());
                columns.values().stream().filter(Column::primaryKey).forEach(c -> keys.add(c.name()));
                table.columnHints().values().stream().filter(h -> h.primaryKey()).forEach(h -> keys.add(h.name()));
                primaryKeyNames = keys.stream().map(RelationalNormalizer.this::name).toList();
            }
            return primaryKeyNames;
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

        /**
         * The name of the key met at position {@code slot} of a row being flattened when the previous
         * row had the same key instance under the same parent there (rows repeat their keys, and the
         * reader hands out one instance per key), else {@code null}.
         */
        Name slotName(int slot, String key, Name prefix) {
            return slot < slotKeys.length && slotKeys[slot] == key && slotPrefixes[slot] == prefix ? slotNames[slot]
                    : null;
        }

        void rememberSlot(int slot, String key, Name prefix, Name name) {
            if (slot >= slotKeys.length) {
                if (slot >= MAX_SLOTS) {
                    return;
                }
                int n = Math.min(MAX_SLOTS, Math.max(slot + 1, slotKeys.length * 2));
                slotKeys = java.util.Arrays.copyOf(slotKeys, n);
                slotPrefixes = java.util.Arrays.copyOf(slotPrefixes, n);
                slotNames = java.util.Arrays.copyOf(slotNames, n);
            }
            slotKeys[slot] = key;
            slotPrefixes[slot] = prefix;
            slotNames[slot] = name;
        }

        /** The column of a name, through the per-name cache. */
        Column column(Name name) {
            int id = name.id;
            if (id >= byName.length) {
                byName = java.util.Arrays.copyOf(byName, Math.max(byName.length * 2, id + 1));
            }
            Column c = byName[id];
            if (c == null) {
                c = columns.get(name.value);
                byName[id] = c == null ? ABSENT : c;
                return c;
            }
            return c == ABSENT ? null : c;
        }

        void add(Column c) {
            // a column the data creates under a system column's name gets that column's hints, as in dlt
            // (not to an scd2 row version: its _dlt_id is neither unique nor the row key)
            c = c.name().startsWith("_dlt_") && !c.equals(rowVersionColumn) ? Schema.withSystemHints(c) : c;
            byIdentity.clear();
            java.util.Arrays.fill(byName, null);
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
            // once a root table's nested rows carry the root key, they always will (dlt's propagation config)
            return table.toBuilder().columns(columns).seenData(seenData)
                    .propagatesRootKey(table.propagatesRootKey() || Boolean.TRUE.equals(requiresRootKey)).build();
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
        public List<dev.dlt4j.spi.JobFileName> files() {
            return target.files();
        }

        @Override
        public Map<dev.dlt4j.spi.JobFileName, Long> rowsPerFile() {
            return target.rowsPerFile();
        }

        @Override
        public void close() {
            target.close();
        }
    }
}
