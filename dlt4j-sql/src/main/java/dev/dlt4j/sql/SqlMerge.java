package dev.dlt4j.sql;

import dev.dlt4j.spi.DestinationTerminalException;
import dev.dlt4j.spi.MergeJob;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The SQL of dlt's merge follow-up jobs, shared by SQL destinations: delete-insert (with
 * deduplication by primary key, merge key, nested tables through {@code _dlt_root_id}), upsert,
 * scd2 and insert-only. Statements are meant to run in one transaction, in the order returned.
 */
final class SqlMerge {
    static final String KEEP = "_dlt4j_merge_keep";

    /** How a destination spells names and things SQL leaves open. */
    public interface Dialect {
        String quote(String identifier);

        /** A table of the dataset ({@code staging=false}) or of the staging dataset. */
        String table(String name, boolean staging);

        /** A pseudo-column that orders rows by insertion (DuckDB {@code rowid}, PostgreSQL {@code ctid}). */
        String insertionOrder();

        /** A timestamp-with-time-zone literal. */
        String timestamp(java.time.Instant value);
    }

    private SqlMerge() {
    }

    public static List<String> statements(MergeJob job, Dialect d) {
        if (job.replace()) {
            List<String> out = new ArrayList<>();
            for (Table t : job.chain()) {
                out.add("DELETE FROM " + d.table(t.name(), false));
                out.add("INSERT INTO " + d.table(t.name(), false) + " (" + cols(t, d, c -> c) + ") SELECT "
                        + cols(t, d, c -> c) + " FROM " + d.table(t.name(), true));
            }
            return out;
        }
        return switch (job.strategy()) {
            case DELETE_INSERT -> deleteInsert(job, d, false);
            case UPSERT -> deleteInsert(job, d, true);
            case SCD2 -> scd2(job, d);
            case INSERT_ONLY -> insertOnly(job, d);
        };
    }

    private static String cols(Table t, Dialect d, Function<String, String> expr) {
        return t.columns().keySet().stream().map(c -> expr.apply(d.quote(c))).collect(Collectors.joining(", "));
    }

    /** The root table's primary-key columns: those with the hint, else the table's declared key. */
    private static List<String> primaryKey(Table root) {
        List<String> pk = root.columns().values().stream().filter(Column::primaryKey).map(Column::name).toList();
        return pk.isEmpty() ? root.primaryKey().stream().filter(root.columns()::containsKey).toList() : pk;
    }

    /** The primary key of a strategy that matches rows by it; refused (for good) without one. */
    private static List<String> requirePrimaryKey(MergeJob job) {
        List<String> pk = primaryKey(job.root());
        if (pk.isEmpty()) {
            throw new DestinationTerminalException("table " + job.root().name() + " uses merge strategy "
                    + job.strategy() + ", which needs a primary key; set Resource.primaryKey(...)");
        }
        return pk;
    }

    private static List<String> deleteInsert(MergeJob job, Dialect d, boolean upsert) {
        Table root = job.root();
        List<String> pk = upsert ? requirePrimaryKey(job) : primaryKey(root);
        List<String> mk = root.columns().values().stream().filter(Column::mergeKey).map(Column::name).toList();
        if (mk.isEmpty()) {
            mk = root.mergeKey().stream().filter(root.columns()::containsKey).toList();
        }
        if (upsert) {
            mk = List.of();
        }
        List<String> out = new ArrayList<>();
        String rootD = d.table(root.name(), false);
        String rootS = d.table(root.name(), true);
        Optional<Column> hardDelete = root.columns().values().stream().filter(Column::hardDelete).findFirst();
        if (pk.isEmpty() && mk.isEmpty() && hardDelete.isEmpty()) {
            // no keys: dlt's "staging append"
            for (Table t : job.chain()) {
                out.add("INSERT INTO " + d.table(t.name(), false) + " (" + cols(t, d, c -> c) + ") SELECT "
                        + cols(t, d, c -> c) + " FROM " + d.table(t.name(), true));
            }
            return out;
        }
        if (pk.isEmpty() && mk.isEmpty()) {
            // no keys but a hard_delete column: append the rows not flagged as deleted
            out.addAll(keepAndInsert(job, d, d.insertionOrder() + " DESC", List.of(d.quote("_dlt_id")),
                    hardDelete, false));
            return out;
        }
        List<String> conditions = new ArrayList<>();
        if (!pk.isEmpty()) {
            conditions.add(pk.stream().map(k -> "s." + d.quote(k) + " = " + rootD + "." + d.quote(k))
                    .collect(Collectors.joining(" AND ", "(", ")")));
        }
        if (!mk.isEmpty()) {
            conditions.add(mk.stream().map(k -> "s." + d.quote(k) + " = " + rootD + "." + d.quote(k))
                    .collect(Collectors.joining(" AND ", "(", ")")));
        }
        String matches = "EXISTS (SELECT 1 FROM " + rootS + " s WHERE " + String.join(" OR ", conditions) + ")";
        for (Table child : job.children()) {
            out.add("DELETE FROM " + d.table(child.name(), false) + " WHERE " + d.quote("_dlt_root_id")
                    + " IN (SELECT " + d.quote("_dlt_id") + " FROM " + rootD + " WHERE " + matches + ")");
        }
        out.add("DELETE FROM " + rootD + " WHERE " + matches);
        boolean deduplicate = !pk.isEmpty();
        String order = deduplicate ? dedupOrder(root, d) : d.insertionOrder() + " DESC";
        List<String> partition = deduplicate ? pk.stream().map(d::quote).toList() : List.of(d.quote("_dlt_id"));
        out.addAll(keepAndInsert(job, d, order, partition, hardDelete, upsert));
        return out;
    }

    /**
     * The order in which rows of one key win deduplication: by the dedup_sort column (ties: the row
     * inserted first), else the row inserted last wins.
     */
    private static String dedupOrder(Table root, Dialect d) {
        return root.columns().values().stream().filter(c -> c.dedupSort().isPresent()).findFirst()
                .map(c -> d.quote(c.name()) + " " + c.dedupSort().get().name() + ", " + d.insertionOrder() + " ASC")
                .orElse(d.insertionOrder() + " DESC");
    }

    /**
     * Columns {@code select} of the rows of {@code table} that pass {@code where}, numbered ({@code _rn})
     * per partition in {@code order}, as subquery {@code x}.
     */
    private static String ranked(String select, String table, List<String> partition, String order, String where) {
        return "(SELECT " + select + ", row_number() OVER (PARTITION BY " + String.join(", ", partition) + " ORDER BY "
                + order + ") AS _rn FROM " + table + where + ") x";
    }

    /**
     * Inserts the staged rows that win deduplication ({@code row_number() = 1} per partition in
     * {@code order}) and are not flagged by the {@code hard_delete} column, with their nested rows.
     * With {@code keyHashed} ids (upsert), the rows of one key share their {@code _dlt_id} and so do
     * their nested rows at one position: the winner is inserted from the ranking itself, and each
     * nested row once, the one inserted last.
     */
    private static List<String> keepAndInsert(MergeJob job, Dialect d, String order, List<String> partition,
            Optional<Column> hardDelete, boolean keyHashed) {
        Table root = job.root();
        String rootD = d.table(root.name(), false);
        String rootS = d.table(root.name(), true);
        String id = d.quote("_dlt_id");
        String deleteColumn = hardDelete.map(c -> ", " + d.quote(c.name())).orElse("");
        String notDeleted = hardDelete.map(c -> " AND (" + notDeleted(c, d) + ")").orElse("");
        List<String> out = new ArrayList<>();
        out.add("CREATE TEMP TABLE " + KEEP + " AS SELECT " + id + " FROM " + ranked(id + deleteColumn, rootS, partition,
                order, "") + " WHERE _rn = 1" + notDeleted);
        out.add("INSERT INTO " + rootD + " (" + cols(root, d, c -> c) + ") SELECT " + cols(root, d, c -> c) + " FROM "
                + (keyHashed ? ranked("*", rootS, partition, order, "") + " WHERE _rn = 1 AND " : rootS + " WHERE ")
                + id + " IN (SELECT " + id + " FROM " + KEEP + ")");
        for (Table child : job.children()) {
            String childS = d.table(child.name(), true);
            out.add("INSERT INTO " + d.table(child.name(), false) + " (" + cols(child, d, c -> c) + ") SELECT "
                    + cols(child, d, c -> c) + " FROM "
                    + (keyHashed ? ranked("*", childS, List.of(id), d.insertionOrder() + " DESC", "") + " WHERE _rn = 1 AND "
                            : childS + " WHERE ")
                    + d.quote("_dlt_root_id") + " IN (SELECT " + id + " FROM " + KEEP + ")");
        }
        out.add("DROP TABLE " + KEEP);
        return out;
    }

    /**
     * dlt's insert-only: the staged rows not flagged by the {@code hard_delete} column, one per primary
     * key (deduplicated as upsert does), whose key the table lacks, are inserted with their nested
     * rows; rows whose key exists are left as they are, nested rows included, and nothing is deleted.
     */
    /**
     * For an upsert or insert-only of a table with nested tables: a query counting the primary keys the
     * staged load has in more than one row. Their root row is chosen (the last, or by dedup_sort), but
     * their nested rows share ids by position and are kept per position, so they may mix the rows.
     */
    public static Optional<String> repeatedKeysQuery(MergeJob job, Dialect d) {
        if (!job.strategy().matchesByPrimaryKey() || job.children().isEmpty()) {
            return Optional.empty();
        }
        List<String> pk = primaryKey(job.root()).stream().map(d::quote).toList();
        if (pk.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("SELECT count(*) FROM (SELECT 1 AS k FROM " + d.table(job.root().name(), true)
                + " GROUP BY " + String.join(", ", pk) + " HAVING count(*) > 1) r");
    }

    private static List<String> insertOnly(MergeJob job, Dialect d) {
        Table root = job.root();
        List<String> pk = requirePrimaryKey(job).stream().map(d::quote).toList();
        String rootD = d.table(root.name(), false);
        String id = d.quote("_dlt_id");
        String notDeleted = root.columns().values().stream().filter(Column::hardDelete).findFirst()
                .map(c -> " WHERE " + notDeleted(c, d)).orElse("");
        String rootS = d.table(root.name(), true);
        String order = dedupOrder(root, d);
        List<String> out = new ArrayList<>();
        out.add("CREATE TEMP TABLE " + KEEP + " AS SELECT " + id + " FROM " + ranked(id + ", " + String.join(", ", pk),
                rootS, pk, order, notDeleted) + " WHERE _rn = 1 AND NOT EXISTS (SELECT 1 FROM " + rootD + " t WHERE "
                + pk.stream().map(k -> "t." + k + " = x." + k).collect(Collectors.joining(" AND ")) + ")");
        out.add("INSERT INTO " + rootD + " (" + cols(root, d, c -> c) + ") SELECT " + cols(root, d, c -> c) + " FROM "
                + ranked("*", rootS, pk, order, notDeleted) + " WHERE _rn = 1 AND " + id + " IN (SELECT " + id
                + " FROM " + KEEP + ")");
        for (Table child : job.children()) {
            String childD = d.table(child.name(), false);
            out.add("INSERT INTO " + childD + " (" + cols(child, d, c -> c) + ") SELECT " + cols(child, d, c -> c)
                    + " FROM " + ranked("*", d.table(child.name(), true), List.of(id), d.insertionOrder() + " DESC", "")
                    + " WHERE _rn = 1 AND " + d.quote("_dlt_root_id") + " IN (SELECT " + id + " FROM " + KEEP + ")"
                    + " AND NOT EXISTS (SELECT 1 FROM " + childD + " c WHERE c." + id + " = x." + id + ")");
        }
        out.add("DROP TABLE " + KEEP);
        return out;
    }

    /**
     * dlt's condition for rows the {@code hard_delete} column does not delete: a bool column deletes
     * only on {@code true}, a column of any other type on any non-null value.
     */
    private static String notDeleted(Column hardDelete, Dialect d) {
        String q = d.quote(hardDelete.name());
        return hardDelete.dataType() == DataType.BOOL ? q + " IS NULL OR " + q + " = FALSE" : q + " IS NULL";
    }

    private static List<String> scd2(MergeJob job, Dialect d) {
        Table root = job.root();
        String rootD = d.table(root.name(), false);
        String rootS = d.table(root.name(), true);
        String id = d.quote("_dlt_id");
        // dlt's options: the validity columns, the version column (the row hash in _dlt_id unless the data
        // has its own), the "valid to" of active versions (NULL unless set), the boundary (the package's time)
        dev.dlt4j.Scd2 options = root.scd2();
        String version = d.quote(options.rowVersionColumnName());
        String from = d.quote(options.validFrom());
        String to = d.quote(options.validTo());
        String boundary = d.timestamp(options.boundaryTimestamp().orElse(job.boundary()));
        String active = options.activeRecordTimestamp().map(d::timestamp).orElse("NULL");
        String isActive = options.activeRecordTimestamp().isPresent() ? to + " = " + active : to + " IS NULL";
        List<String> out = new ArrayList<>();
        // versions that are no longer in the source (changed or deleted) are retired; with a merge key only
        // those whose key is in this load (dlt's incremental scd2: a key the load lacks stays active)
        List<String> mk = root.columns().values().stream().filter(Column::mergeKey).map(c -> d.quote(c.name()))
                .toList();
        if (mk.isEmpty()) {
            mk = root.mergeKey().stream().filter(root.columns()::containsKey).map(d::quote).toList();
        }
        String key = mk.size() == 1 ? mk.get(0) : "(" + String.join(", ", mk) + ")";
        out.add("UPDATE " + rootD + " SET " + to + " = " + boundary + " WHERE " + isActive + " AND " + version
                + " NOT IN (SELECT " + version + " FROM " + rootS + ")"
                + (mk.isEmpty() ? "" : " AND " + key + " IN (SELECT " + String.join(", ", mk) + " FROM " + rootS + ")"));
        out.add("CREATE TEMP TABLE " + KEEP + " AS SELECT " + version + " FROM (SELECT " + version + ", row_number()"
                + " OVER (PARTITION BY " + version + " ORDER BY " + d.insertionOrder() + ") AS _rn FROM " + rootS + " s"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + rootD + " WHERE " + rootD + "." + version + " = s." + version
                + " AND " + rootD + "." + isActive + ")) x WHERE _rn = 1");
        String insertCols = cols(root, d, c -> c);
        String selectCols = cols(root, d, c -> c.equals(from) ? boundary + " AS " + from
                : c.equals(to) ? active + " AS " + to : c);
        out.add("INSERT INTO " + rootD + " (" + insertCols + ") SELECT " + selectCols + " FROM (SELECT *, row_number()"
                + " OVER (PARTITION BY " + version + " ORDER BY " + d.insertionOrder() + ") AS _rn FROM " + rootS
                + ") x WHERE _rn = 1 AND " + version + " IN (SELECT " + version + " FROM " + KEEP + ")");
        for (Table child : job.children()) {
            // as dlt: nested rows whose (deterministic) row key the table lacks; a version that comes back
            // keeps the nested rows it had, which were never deleted
            String childD = d.table(child.name(), false);
            out.add("INSERT INTO " + childD + " (" + cols(child, d, c -> c) + ") SELECT " + cols(child, d, c -> c)
                    + " FROM (SELECT *, row_number() OVER (PARTITION BY " + id + " ORDER BY " + d.insertionOrder()
                    + ") AS _rn FROM " + d.table(child.name(), true) + ") x WHERE _rn = 1 AND NOT EXISTS (SELECT 1"
                    + " FROM " + childD + " c WHERE c." + id + " = x." + id + ")"); // NOT IN: no anti-join on PostgreSQL
        }
        out.add("DROP TABLE " + KEEP);
        return out;
    }
}
