package dev.dlt4j.schema;

import dev.dlt4j.SortOrder;
import dev.dlt4j.Column;
import dev.dlt4j.ColumnHint;
import dev.dlt4j.DataType;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.SchemaContract;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.WriteDisposition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads and writes schemas in dlt's {@code schema.json} layout (engine 11): {@code tables} with
 * {@code columns}, {@code write_disposition}, {@code parent}, {@code resource}; hints that hold
 * their default are left out, as dlt leaves them out.
 */
public final class SchemaJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ROW_KEY = Schema.dltIdColumn().name();
    private static final String ROOT_KEY = Schema.dltRootIdColumn().name();

    private SchemaJson() {
    }

    public static ObjectNode toJson(Schema schema) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", schema.version());
        root.put("version_hash", schema.versionHash());
        root.put("engine_version", Schema.ENGINE_VERSION);
        root.put("name", schema.name());
        root.set("tables", tablesJson(schema));
        ObjectNode settings = root.putObject("settings");
        settings.putArray("detections").add("iso_timestamp");
        ObjectNode normalizers = root.putObject("normalizers");
        normalizers.put("names", "snake_case");
        ObjectNode json = normalizers.putObject("json").put("module", "dlt4j.relational");
        // dlt's relational normalizer config: the root tables whose row key goes to their nested rows' root key
        ObjectNode propagated = MAPPER.createObjectNode();
        for (Table t : schema.tables().values()) {
            if (t.isRoot() && t.propagatesRootKey()) {
                propagated.putObject(t.name()).put(ROW_KEY, ROOT_KEY);
            }
        }
        if (!propagated.isEmpty()) {
            json.putObject("config").putObject("propagation").set("tables", propagated);
        }
        return root;
    }

    private static ObjectNode tablesJson(Schema schema) {
        ObjectNode tables = MAPPER.createObjectNode();
        for (Table t : schema.tables().values()) {
            ObjectNode tn = tables.putObject(t.name());
            tn.put("name", t.name());
            if (t.parent().isPresent()) {
                tn.put("parent", t.parent().get());
            } else {
                tn.put("write_disposition", t.writeDisposition().dltName());
                if (t.writeDisposition() == WriteDisposition.MERGE) {
                    tn.put("x-merge-strategy", t.mergeStrategy().dltName());
                }
            }
            t.resource().ifPresent(r -> tn.put("resource", r));
            t.maxTableNesting().ifPresent(n -> tn.put("max_table_nesting", n));
            if (!t.primaryKey().isEmpty()) {
                ArrayNode pk = tn.putArray("x-primary-key");
                t.primaryKey().forEach(pk::add);
            }
            if (!t.mergeKey().isEmpty()) {
                ArrayNode mk = tn.putArray("x-merge-key");
                t.mergeKey().forEach(mk::add);
            }
            if (!t.contract().isEvolve()) {
                tn.set("schema_contract", contractJson(t.contract()));
            }
            t.fileFormat().ifPresent(f -> tn.put("file_format", f.extension()));
            if (t.seenData()) {
                tn.putObject("x-normalizer").put("seen-data", true);
            }
            dev.dlt4j.Scd2 scd2 = t.isScd2() ? t.scd2() : null;
            if (scd2 != null) {
                scd2.boundaryTimestamp().ifPresent(b -> tn.put("x-boundary-timestamp", b.toString()));
            }
            ObjectNode cols = tn.putObject("columns");
            for (Column c : t.columns().values()) {
                ObjectNode cn = cols.putObject(c.name());
                cn.put("name", c.name());
                cn.put("data_type", c.dataType().dltName());
                cn.put("nullable", c.nullable());
                putIf(cn, "primary_key", c.primaryKey());
                putIf(cn, "merge_key", c.mergeKey());
                putIf(cn, "unique", c.unique());
                putIf(cn, "row_key", c.rowKey());
                putIf(cn, "parent_key", c.parentKey());
                putIf(cn, "root_key", c.rootKey());
                putIf(cn, "variant", c.variant());
                // as dlt: each only when set; a scale beside a text's or timestamp's precision made dlt's
                // type mapper fail ("varchar(%i)" % (64, 0))
                c.precision().ifPresent(v -> cn.put("precision", v));
                c.scale().ifPresent(v -> cn.put("scale", v));
                if (!c.timezone()) {
                    cn.put("timezone", false);
                }
                putIf(cn, "hard_delete", c.hardDelete());
                c.dedupSort().ifPresent(o -> cn.put("dedup_sort", o.dltName()));
                scd2Hints(cn, c.name(), scd2);
            }
            for (ColumnHint h : t.unboundHints()) {
                // dlt's incomplete column: hints without a data type, waiting for data
                ObjectNode cn = cols.putObject(h.name());
                cn.put("name", h.name());
                cn.put("nullable", h.nullable());
                putIf(cn, "primary_key", h.primaryKey());
                putIf(cn, "merge_key", h.mergeKey());
                putIf(cn, "hard_delete", h.hardDelete());
                h.dedupSort().ifPresent(o -> cn.put("dedup_sort", o.dltName()));
                scd2Hints(cn, h.name(), scd2);
            }
        }
        return tables;
    }

    /** dlt's scd2 column hints on the column named {@code name} of an scd2 table ({@code scd2} not null). */
    private static void scd2Hints(ObjectNode cn, String name, dev.dlt4j.Scd2 scd2) {
        if (scd2 == null) {
            return;
        }
        putIf(cn, "x-valid-from", name.equals(scd2.validFrom()));
        if (name.equals(scd2.validTo())) {
            cn.put("x-valid-to", true);
            scd2.activeRecordTimestamp().ifPresent(a -> cn.put("x-active-record-timestamp", a.toString()));
        }
        putIf(cn, "x-row-version", name.equals(scd2.rowVersionColumnName()));
    }

    /**
     * The scd2 options of a stored table, from dlt's hints: the columns marked {@code x-valid-from},
     * {@code x-valid-to} (with {@code x-active-record-timestamp}) and {@code x-row-version}, and the
     * table's {@code x-boundary-timestamp}; dlt's defaults for what is not marked.
     */
    private static dev.dlt4j.Scd2 scd2Of(String table, JsonNode tn) {
        dev.dlt4j.Scd2.Builder b = dev.dlt4j.Scd2.builder();
        String from = null;
        String to = null;
        for (Iterator<Map.Entry<String, JsonNode>> ci = tn.path("columns").fields(); ci.hasNext();) {
            Map.Entry<String, JsonNode> ce = ci.next();
            JsonNode cn = ce.getValue();
            if (cn.path("x-valid-from").asBoolean(false)) {
                from = ce.getKey();
            }
            if (cn.path("x-valid-to").asBoolean(false)) {
                to = ce.getKey();
                textOf(cn, "x-active-record-timestamp").ifPresent(a -> b.activeRecordTimestamp(
                        timestampOf(table, ce.getKey(), "x-active-record-timestamp", a)));
            }
            if (cn.path("x-row-version").asBoolean(false)) {
                b.rowVersionColumnName(ce.getKey());
            }
        }
        if (from != null && to != null) {
            b.validityColumnNames(from, to);
        }
        textOf(tn, "x-boundary-timestamp").ifPresent(v -> b.boundaryTimestamp(
                timestampOf(table, null, "x-boundary-timestamp", v)));
        return b.build();
    }

    /** An instant as dlt may store it (see {@link dev.dlt4j.Scd2#timestamp}); a bad one names the table and hint. */
    private static java.time.Instant timestampOf(String table, String column, String hint, String text) {
        try {
            return dev.dlt4j.Scd2.timestamp(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("table " + table + (column == null ? "" : ", column " + column) + ": "
                    + hint + " " + e.getMessage(), e);
        }
    }

    /** dlt's form: one mode string when all entities agree, else a map of entity to mode. */
    private static JsonNode contractJson(SchemaContract c) {
        if (c.tables() == c.columns() && c.columns() == c.dataType()) {
            return MAPPER.getNodeFactory().textNode(c.tables().dltName());
        }
        ObjectNode n = MAPPER.createObjectNode();
        n.put("tables", c.tables().dltName());
        n.put("columns", c.columns().dltName());
        n.put("data_type", c.dataType().dltName());
        return n;
    }

    private static SchemaContract contractFromJson(String table, JsonNode n) {
        try {
            if (n.isMissingNode() || n.isNull()) {
                return SchemaContract.EVOLVE;
            }
            if (n.isTextual()) {
                return SchemaContract.parse(n.asText());
            }
            Map<String, Object> entities = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> entities.put(e.getKey(), e.getValue().asText()));
            return SchemaContract.parse(entities);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("table " + table + " has an invalid schema_contract " + n + ": "
                    + e.getMessage(), e);
        }
    }

    private static void putIf(ObjectNode n, String key, boolean value) {
        if (value) {
            n.put(key, true);
        }
    }

    public static Schema fromJson(JsonNode root) {
        String name = root.path("name").asText();
        long version = root.path("version").asLong(1);
        Map<String, Table> tables = new LinkedHashMap<>();
        JsonNode propagated = root.path("normalizers").path("json").path("config").path("propagation").path("tables");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("tables").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode tn = e.getValue();
            Map<String, Column> columns = new LinkedHashMap<>();
            Map<String, ColumnHint> hints = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> ci = tn.path("columns").fields(); ci.hasNext();) {
                Map.Entry<String, JsonNode> ce = ci.next();
                JsonNode cn = ce.getValue();
                java.util.Optional<SortOrder> dedupSort = cn.hasNonNull("dedup_sort")
                        ? java.util.Optional.of(SortOrder.fromDltName(cn.path("dedup_sort").asText()))
                        : java.util.Optional.empty();
                if (!cn.hasNonNull("data_type")) {
                    hints.put(ce.getKey(), new ColumnHint(ce.getKey(), cn.path("nullable").asBoolean(true),
                            cn.path("primary_key").asBoolean(false), cn.path("merge_key").asBoolean(false),
                            cn.path("hard_delete").asBoolean(false), dedupSort));
                    continue;
                }
                columns.put(ce.getKey(), Column.builder(ce.getKey(), DataType.fromDltName(cn.path("data_type").asText()))
                        .nullable(cn.path("nullable").asBoolean(true)).primaryKey(cn.path("primary_key").asBoolean(false))
                        .mergeKey(cn.path("merge_key").asBoolean(false)).unique(cn.path("unique").asBoolean(false))
                        .rowKey(cn.path("row_key").asBoolean(false)).parentKey(cn.path("parent_key").asBoolean(false))
                        .rootKey(cn.path("root_key").asBoolean(false)).variant(cn.path("variant").asBoolean(false))
                        .precision(precisionOf(cn), scaleOf(cn))
                        .timezone(cn.path("timezone").asBoolean(true)).hardDelete(cn.path("hard_delete").asBoolean(false))
                        .dedupSort(dedupSort).build());
            }
            Table.Builder table = Table.builder(e.getKey()).columns(columns).columnHints(hints)
                    .seenData(tn.path("x-normalizer").path("seen-data").asBoolean(false))
                    .propagatesRootKey(propagated.has(e.getKey()));
            textOf(tn, "parent").ifPresent(table::parent);
            textOf(tn, "resource").ifPresent(table::resource);
            if (tn.has("write_disposition")) {
                table.writeDisposition(WriteDisposition.fromDltName(tn.path("write_disposition").asText()));
            }
            List<String> pk = new ArrayList<>();
            tn.path("x-primary-key").forEach(n -> pk.add(n.asText()));
            List<String> mk = new ArrayList<>();
            tn.path("x-merge-key").forEach(n -> mk.add(n.asText()));
            table.primaryKey(pk).mergeKey(mk)
                    .mergeStrategy(MergeStrategy.fromDltName(tn.path("x-merge-strategy").asText("delete-insert")));
            if (tn.path("x-merge-strategy").asText("").equals(MergeStrategy.SCD2.dltName())) {
                table.scd2(scd2Of(e.getKey(), tn));
            }
            if (tn.has("max_table_nesting")) {
                table.maxTableNesting(tn.path("max_table_nesting").asInt());
            }
            SchemaContract contract = contractFromJson(e.getKey(), tn.path("schema_contract"));
            if (!contract.isEvolve()) {
                table.contract(contract);
            }
            textOf(tn, "file_format").map(LoaderFileFormat::fromName).ifPresent(table::fileFormat);
            tables.put(e.getKey(), table.build());
        }
        return new Schema(name, version, tables);
    }

    /**
     * A column's precision; absent when none is set. 0 is a timestamp's or time's whole seconds; for
     * other types it reads as none (a precision below 1 means nothing there).
     */
    private static OptionalInt precisionOf(JsonNode column) {
        int precision = column.path("precision").asInt(-1);
        String type = column.path("data_type").asText();
        int least = type.equals("timestamp") || type.equals("time") ? 0 : 1;
        return precision >= least ? OptionalInt.of(precision) : OptionalInt.empty();
    }

    /** A column's scale; absent when none is set (earlier builds wrote 0 beside every precision: read as 0). */
    private static OptionalInt scaleOf(JsonNode column) {
        if (precisionOf(column).isEmpty()) {
            return OptionalInt.empty();
        }
        int scale = column.path("scale").asInt(-1);
        return scale >= 0 ? OptionalInt.of(scale) : OptionalInt.empty();
    }

    /** The text of a field that is present and not empty; dlt leaves unset hints out. */
    private static Optional<String> textOf(JsonNode node, String field) {
        String text = node.path(field).asText("");
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    public static String toJsonString(Schema schema) {
        try {
            return MAPPER.writeValueAsString(toJson(schema));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Schema schema, Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.createDirectories(file.getParent());
            MAPPER.writeValue(tmp.toFile(), toJson(schema));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write schema " + schema.name() + " to " + file, e);
        }
    }

    public static Schema read(Path file) {
        try {
            return fromJson(MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema from " + file, e);
        }
    }

    /**
     * dlt's {@code generate_version_hash}: the content with every object's keys sorted (so the
     * order in which tables were added, which parallel extraction does not fix, changes nothing),
     * then each table's name, in name order, with its column names in their order (column order
     * is part of a table; table order is not).
     */
    static String contentHash(Schema schema) {
        try {
            ObjectNode tables = tablesJson(schema);
            byte[] canonical = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(sortedKeys(tables));
            MessageDigest md = MessageDigest.getInstance("SHA3-256");
            md.update(canonical);
            for (String table : new java.util.TreeSet<>(schema.tables().keySet())) {
                md.update(table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (String column : schema.tables().get(table).columns().keySet()) {
                    md.update(column.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            // the normalizer's propagation config is content too (a schema that only gained it is saved)
            for (String table : new java.util.TreeSet<>(schema.tables().keySet())) {
                if (schema.tables().get(table).propagatesRootKey()) {
                    md.update(("propagation:" + table).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sortedKeys(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                sorted.set(name, sortedKeys(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode copy = MAPPER.createArrayNode();
            node.forEach(e -> copy.add(sortedKeys(e)));
            return copy;
        }
        return node;
    }
}
