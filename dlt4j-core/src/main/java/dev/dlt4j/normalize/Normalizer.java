package dev.dlt4j.normalize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.config.DataWriterConfig;
import dev.dlt4j.config.NormalizeConfig;
import dev.dlt4j.schema.Column;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.storage.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.LoaderFileFormat;
import dev.dlt4j.storage.PipelineStorage;
import dev.dlt4j.storage.RowFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The normalize stage: turns one extracted package into a load package. Each extracted file is
 * read row by row through the {@link RelationalNormalizer}; job files are written into
 * {@code load/new/<load_id>/}, with {@code schema.json} and {@code schema_updates.json}, then the
 * folder is renamed into {@code load/normalized/} and the extracted package deleted. A crash in
 * between leaves the extracted package, which the next run normalizes again.
 */
public final class Normalizer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final PipelineStorage storage;
    private final NamingConvention naming;
    private final DataWriterConfig writerConfig;
    private final NormalizeConfig config;
    private final LoaderFileFormat format;

    public Normalizer(PipelineStorage storage, NamingConvention naming, DataWriterConfig writerConfig,
            NormalizeConfig config, LoaderFileFormat format) {
        this.storage = storage;
        this.naming = naming;
        this.writerConfig = writerConfig;
        this.config = config;
        this.format = format;
    }

    /** The outcome: the normalized package, what it holds, and the evolved schema. */
    public record Result(LoadPackage loadPackage, NormalizeInfo info, Schema schema) {
    }

    /**
     * Normalizes {@code extracted} against {@code schema} (the pipeline's live schema, which wins
     * over the package's copy for tables it knows).
     */
    public Result normalize(LoadPackage extracted, Schema schema) {
        Instant started = Instant.now();
        Schema input = merge(schema, extracted.schema());
        LoadPackage pkg = storage.newLoadPackage(extracted.loadId());
        RelationalNormalizer normalizer = new RelationalNormalizer(input, naming, extracted.loadId(),
                table -> newWriter(pkg, table));
        try {
            for (JobFileName job : extracted.jobs(JobState.NEW)) {
                long rows = 0;
                try (RowFileReader reader = new RowFileReader(extracted.jobPath(JobState.NEW, job))) {
                    Map<String, Object> row;
                    while ((row = reader.next()) != null) {
                        normalizer.normalizeRoot(job.table(), row);
                        rows++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read extracted file " + job + " of package "
                            + extracted.loadId(), e);
                }
                if (rows == 0) {
                    normalizer.touch(job.table());
                }
            }
            int files = 0;
            for (TableFileWriter w : normalizer.openWriters()) {
                w.close();
                files += w.files().size();
            }
            Schema evolved = normalizer.schema().evolvedFrom(schema);
            pkg.writeSchema(evolved);
            pkg.writeJson(LoadPackage.SCHEMA_UPDATES_FILE, schemaUpdates(schema, evolved));
            if (extracted.hasFile(LoadPackage.STATE_FILE)) {
                pkg.writeJson(LoadPackage.STATE_FILE, extracted.readJson(LoadPackage.STATE_FILE));
            }
            LoadPackage committed = storage.commitNormalized(pkg, extracted);
            return new Result(committed, new NormalizeInfo(committed.loadId(), normalizer.rowCounts(), files,
                    Duration.between(started, Instant.now())), evolved);
        } catch (RuntimeException e) {
            for (TableFileWriter w : normalizer.openWriters()) {
                try {
                    w.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            PipelineStorage.deleteTree(pkg.root());
            throw e;
        }
    }

    private TableFileWriter newWriter(LoadPackage pkg, String table) {
        return switch (format) {
            case JSONL -> new JsonlFileWriter(pkg, table, writerConfig);
            case CSV -> new CsvFileWriter(pkg, table, writerConfig);
            case PARQUET -> parquetWriter(pkg, table);
            default -> throw new IllegalArgumentException("loader file format " + format
                    + " is not implemented yet; implemented: jsonl, csv, parquet");
        };
    }

    /** Parquet's library is optional in core: a destination that writes parquet brings it. */
    private TableFileWriter parquetWriter(LoadPackage pkg, String table) {
        try {
            return new ParquetFileWriter(pkg, table, writerConfig);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("loader file format parquet needs org.apache.parquet:parquet-hadoop on"
                    + " the class path (dlt4j-filesystem brings it): " + e.getMessage(), e);
        }
    }

    /** The live schema plus tables and hints that only the package's copy has (set by extract). */
    static Schema merge(Schema live, Schema fromPackage) {
        Schema out = live;
        for (Table t : fromPackage.tables().values()) {
            Table mine = live.tables().get(t.name());
            if (mine == null) {
                out = out.withTable(t);
            } else if (t.isRoot()) {
                Table merged = new Table(mine.name(), mine.parent(), t.resource(), t.writeDisposition(),
                        mine.columns(), t.primaryKey(), t.mergeKey(), mine.seenData(), t.maxTableNesting());
                for (Column c : t.columns().values()) {
                    if (!merged.columns().containsKey(c.name())) {
                        merged = merged.withColumn(c);
                    }
                }
                out = out.withTable(merged);
            }
        }
        return out;
    }

    /** Tables and columns that {@code evolved} has and {@code before} has not, in dlt's layout. */
    static ObjectNode schemaUpdates(Schema before, Schema evolved) {
        ObjectNode updates = MAPPER.createObjectNode();
        for (Table t : evolved.tables().values()) {
            Table old = before.tables().get(t.name());
            ArrayNode added = MAPPER.createArrayNode();
            for (Column c : t.columns().values()) {
                if (old == null || !old.columns().containsKey(c.name())) {
                    added.add(MAPPER.createObjectNode().put("name", c.name()).put("data_type", c.dataType().dltName()));
                }
            }
            if (old == null || added.size() > 0) {
                ObjectNode tn = updates.putObject(t.name());
                tn.put("name", t.name());
                tn.set("columns", added);
            }
        }
        return updates;
    }

    public NormalizeConfig config() {
        return config;
    }
}
