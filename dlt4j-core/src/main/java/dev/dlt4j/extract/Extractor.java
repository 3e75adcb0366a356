package dev.dlt4j.extract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.config.DataWriterConfig;
import dev.dlt4j.config.ExtractConfig;
import dev.dlt4j.schema.Column;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.schema.WriteDisposition;
import dev.dlt4j.storage.LoadIds;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PipelineStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The extract stage: drains the resources of one source, routes every row to its table's
 * {@link TableWriter}, and commits the package to {@code normalize/extracted/} by a folder rename.
 * If anything fails, the temp package is deleted, so normalize never sees half an extract.
 */
public final class Extractor {
    private final PipelineStorage storage;
    private final String pipelineName;
    private final NamingConvention naming;
    private final DataWriterConfig writerConfig;
    private final ExtractConfig config;

    public Extractor(PipelineStorage storage, String pipelineName, NamingConvention naming,
            DataWriterConfig writerConfig, ExtractConfig config) {
        this.storage = storage;
        this.pipelineName = pipelineName;
        this.naming = naming;
        this.writerConfig = writerConfig;
        this.config = config;
    }

    public ExtractConfig config() {
        return config;
    }

    /** Extracts one source into a new package and returns what was written; the schema gets the table hints. */
    public ExtractResult extract(Source source, Schema schema, ObjectNode pipelineState) {
        Instant started = Instant.now();
        String loadId = LoadIds.next();
        LoadPackage pkg = storage.newExtractPackage(loadId);
        Map<String, TableWriter> writers = new LinkedHashMap<>();
        Schema[] current = {schema};
        boolean ok = false;
        try {
            for (Resource resource : source.resources()) {
                current[0] = applyHints(current[0], resource, null);
                extractResource(source, resource, pkg, writers, current);
            }
            for (TableWriter w : writers.values()) {
                w.close();
            }
            pkg.writeSchema(current[0]);
            ObjectNode state = pipelineState.objectNode();
            state.put("_state_version", 1);
            state.put("_state_engine_version", 1);
            state.put("created_at", started.toString());
            state.set("pipeline_state", pipelineState);
            pkg.writeJson(LoadPackage.STATE_FILE, state);
            LoadPackage committed = storage.commitExtracted(pkg);
            ok = true;
            Map<String, Long> rows = new LinkedHashMap<>();
            Map<String, Long> flushes = new LinkedHashMap<>();
            Map<String, Integer> files = new LinkedHashMap<>();
            for (TableWriter w : writers.values()) {
                rows.put(w.table(), w.rows());
                flushes.put(w.table(), w.flushes());
                files.put(w.table(), w.files());
            }
            return new ExtractResult(new ExtractInfo(committed.loadId(), source.name(), rows, flushes, files,
                    Duration.between(started, Instant.now())), current[0]);
        } finally {
            if (!ok) {
                for (TableWriter w : writers.values()) {
                    w.abort();
                }
                storage.abortExtract(pkg);
            }
        }
    }

    /** The outcome of {@link #extract}: the info and the schema with the resources' table hints applied. */
    public record ExtractResult(ExtractInfo info, Schema schema) {
    }

    private void extractResource(Source source, Resource resource, LoadPackage pkg, Map<String, TableWriter> writers,
            Schema[] schema) {
        Iterator<?> it;
        long position = 0;
        Function<Object, String> tableOf = resource.tableNameFunction().orElse(null);
        String staticTable = naming.normalizeIdentifier(resource.tableName());
        long rowsBefore = rowsOf(writers, staticTable);
        try {
            it = resource.open();
        } catch (RuntimeException e) {
            throw failure(source, resource, "could not open the resource: " + e, 0, e);
        }
        try {
            while (true) {
                Object item;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    item = it.next();
                } catch (RuntimeException e) {
                    throw failure(source, resource, "the resource threw " + e, position + 1, e);
                }
                position++;
                if (item == null) {
                    continue;
                }
                try {
                    if (item instanceof List<?> page) {
                        writePage(page, resource, staticTable, tableOf, pkg, writers, schema);
                    } else {
                        TableWriter w = writerFor(tableOf == null ? staticTable : tableName(tableOf, item), resource,
                                pkg, writers, schema);
                        w.write(item);
                        w.endItem();
                    }
                } catch (UnsupportedValueException e) {
                    throw failure(source, resource, e.getMessage(), position, e);
                }
            }
        } finally {
            if (it instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a finished iterator must not hide the real outcome
                }
            }
        }
        if (resource.writeDisposition() == WriteDisposition.REPLACE && tableOf == null
                && rowsOf(writers, staticTable) == rowsBefore) {
            // an empty replace must still empty the table: an empty file makes the load truncate it
            writerFor(staticTable, resource, pkg, writers, schema).touch();
        }
    }

    private void writePage(List<?> page, Resource resource, String staticTable, Function<Object, String> tableOf,
            LoadPackage pkg, Map<String, TableWriter> writers, Schema[] schema) {
        if (tableOf == null) {
            TableWriter w = writerFor(staticTable, resource, pkg, writers, schema);
            for (Object row : page) {
                if (row != null) {
                    w.write(row);
                }
            }
            w.endItem();
            return;
        }
        Map<String, TableWriter> touched = new HashMap<>();
        for (Object row : page) {
            if (row != null) {
                TableWriter w = writerFor(tableName(tableOf, row), resource, pkg, writers, schema);
                w.write(row);
                touched.put(w.table(), w);
            }
        }
        touched.values().forEach(TableWriter::endItem);
    }

    private String tableName(Function<Object, String> tableOf, Object row) {
        String name = tableOf.apply(row);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the table name function returned an empty name for a row");
        }
        return naming.normalizeIdentifier(name);
    }

    private TableWriter writerFor(String table, Resource resource, LoadPackage pkg, Map<String, TableWriter> writers,
            Schema[] schema) {
        TableWriter w = writers.get(table);
        if (w == null) {
            schema[0] = applyHints(schema[0], resource, table);
            w = new TableWriter(pkg, table, writerConfig);
            writers.put(table, w);
        }
        return w;
    }

    private static long rowsOf(Map<String, TableWriter> writers, String table) {
        TableWriter w = writers.get(table);
        return w == null ? 0 : w.rows();
    }

    /** Puts the resource's hints (disposition, keys, column types, nesting) on its table in the schema. */
    Schema applyHints(Schema schema, Resource resource, String tableOverride) {
        if (tableOverride == null && resource.tableNameFunction().isPresent()) {
            return schema;
        }
        String table = tableOverride != null ? tableOverride : naming.normalizeIdentifier(resource.tableName());
        Table t = schema.table(table).orElse(Table.root(table, resource.name(), resource.writeDisposition()));
        if (!t.isRoot()) {
            throw new IllegalArgumentException("resource " + resource.name() + " writes to table " + table
                    + ", which is a child table in schema " + schema.name());
        }
        List<String> pk = new ArrayList<>();
        resource.primaryKey().forEach(k -> pk.add(naming.normalizePath(k)));
        List<String> mk = new ArrayList<>();
        resource.mergeKey().forEach(k -> mk.add(naming.normalizePath(k)));
        t = new Table(t.name(), "", resource.name(), resource.writeDisposition(), t.columns(), pk, mk, t.seenData(),
                resource.maxTableNesting(), resource.schemaContract().orElse(t.contract()));
        for (Column hint : resource.columns().values()) {
            String name = naming.normalizePath(hint.name());
            Column existing = t.columns().get(name);
            if (existing == null) {
                // a typed column hint is a complete column: it is created even before data arrives
                t = t.withColumn(hint.withName(name).withPrimaryKey(pk.contains(name) || hint.primaryKey())
                        .withMergeKey(mk.contains(name) || hint.mergeKey()));
            }
        }
        return schema.withTable(t);
    }

    private PipelineException failure(Source source, Resource resource, String message, long item,
            Throwable cause) {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("pipeline", pipelineName);
        ctx.put("stage", "extract");
        ctx.put("source", source.name());
        ctx.put("resource", resource.name());
        ctx.put("item", Long.toString(item));
        ctx.put("hint", "nothing of this extract was kept and data loaded before is intact; fix the resource and"
                + " run again.");
        return new PipelineException(message, ctx, cause);
    }
}
