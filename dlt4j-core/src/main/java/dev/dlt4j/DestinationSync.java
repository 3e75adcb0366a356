package dev.dlt4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.StoredSchema;
import dev.dlt4j.spi.StoredState;
import dev.dlt4j.storage.PipelineStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.InflaterInputStream;

/**
 * Restores a pipeline's state and schemas from its destination, for {@link Pipeline}: dlt's
 * {@code sync_destination} reduced to what dlt4j needs. The destination's newest state row of a
 * load that completed ({@link DestinationClient#storedState}) and the newest stored version of each
 * schema that state names ({@link DestinationClient#storedSchema}) become the working folder's
 * ({@link PipelineStorage#adoptRestored}). Called on the thread of a run (or of {@code sync}) that
 * holds the working folder's lock, with no package pending.
 */
final class DestinationSync {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DestinationSync.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String pipelineName;
    private final String datasetName;
    private final Destination destination;
    private final DestinationContext context;
    private final PipelineStorage storage;

    DestinationSync(String pipelineName, String datasetName, Destination destination, DestinationContext context,
            PipelineStorage storage) {
        this.pipelineName = pipelineName;
        this.datasetName = datasetName;
        this.destination = destination;
        this.context = context;
        this.storage = storage;
    }

    /** What was restored: the state and the schemas it names. */
    record Restored(PipelineState state, List<Schema> schemas, String loadId) {
    }

    /**
     * Reads the stored state and schemas and makes them the working folder's; empty (and nothing
     * changed) when the destination holds no completed state of this pipeline.
     *
     * @param replaceSchemas delete the working folder's other schemas (an on-demand sync)
     * @throws PipelineException when the stored state or a schema cannot be read, naming the
     *         destination, the dataset and the load
     */
    Optional<Restored> restore(boolean replaceSchemas) {
        if (!destination.capabilities().supportsStateSync()) {
            throw failure("destination " + destination.type() + " cannot read back a stored pipeline state"
                    + " (it does not declare supportsStateSync)", Optional.empty(),
                    "set restore_from_destination = false, or use a destination that stores state (duckdb,"
                            + " postgres, filesystem)", null);
        }
        Optional<Restored> restored = read();
        restored.ifPresent(r -> {
            storage.adoptRestored(r.state(), r.schemas(), replaceSchemas);
            LOG.info("Pipeline {} restored its state (version {}) and schemas {} from destination {} dataset {},"
                    + " load {}", pipelineName, r.state().stateVersion(), r.state().schemaNames(),
                    destination.type(), datasetName, r.loadId());
        });
        return restored;
    }

    /** Reads what {@link #restore} would restore, changing nothing. */
    Optional<Restored> read() {
        try {
            return readFrom();
        } catch (PipelineException e) {
            throw e;
        } catch (RuntimeException e) {
            // the destination cannot be reached or read: the run stops before anything is extracted
            throw failure("cannot read the stored state of pipeline " + pipelineName + " (dataset "
                    + context.datasetName() + ") from the destination: " + e.getMessage(), Optional.empty(), "a run without local state first restores it from"
                    + " the destination; fix the destination's settings, or set restore_from_destination = false to"
                    + " start from an empty state", e);
        }
    }

    private Optional<Restored> readFrom() {
        if (destination.certainlyEmpty(context)) {
            return Optional.empty();
        }
        try (DestinationClient client = destination.open(context)) {
            Optional<StoredState> stored = client.storedState(pipelineName);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            StoredState row = stored.get();
            PipelineState state;
            try {
                state = PipelineState.decompress(row.state());
            } catch (IllegalArgumentException e) {
                throw failure("the pipeline state stored at destination " + where() + " for pipeline " + pipelineName
                        + " (load " + row.loadId() + ", version " + row.version() + ") cannot be read: "
                        + e.getMessage(), Optional.of(row.loadId()), "the state row was not written by dlt4j or dlt,"
                        + " or was changed; delete that row (and its _dlt_loads row) or set restore_from_destination"
                        + " = false to start from an empty state", e);
            }
            if (!state.pipelineName().equals(pipelineName)) {
                throw failure("the pipeline state stored at destination " + where() + " under pipeline " + pipelineName
                        + " (load " + row.loadId() + ") belongs to pipeline " + state.pipelineName(),
                        Optional.of(row.loadId()), "the row's pipeline_name and its state disagree; delete that row or"
                                + " set restore_from_destination = false", null);
            }
            if (!state.datasetName().equals(datasetName)) {
                // dlt keeps the pipeline's dataset name over the stored one
                LOG.warn("Pipeline {} got restored from destination but the stored state names dataset '{}'; the"
                        + " dataset '{}' of this pipeline is used and the state updated accordingly", pipelineName,
                        state.datasetName(), datasetName);
                state = new PipelineState(state.pipelineName(), datasetName, state.defaultSchemaName(),
                        state.schemaNames(), state.destinationType(), state.destinationName(), state.sources(),
                        state.stateVersion(), state.versionHash());
            }
            List<Schema> schemas = new ArrayList<>();
            for (String name : state.schemaNames()) {
                Optional<StoredSchema> schema = client.storedSchema(name);
                if (schema.isPresent()) {
                    schemas.add(parseSchema(schema.get(), row.loadId()));
                } else {
                    LOG.warn("Pipeline {}: the stored state names schema {} but destination {} holds no version of"
                            + " it; it starts empty", pipelineName, name, where());
                }
            }
            return Optional.of(new Restored(state, schemas, row.loadId()));
        }
    }

    /** The stored schema's JSON: as dlt4j writes it, or zlib + base64 as dlt writes long ones. */
    private Schema parseSchema(StoredSchema stored, String loadId) {
        String text = stored.schema().strip();
        try {
            if (!text.startsWith("{")) {
                try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(
                        Base64.getDecoder().decode(text)))) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            Schema schema = SchemaJson.fromJson(MAPPER.readTree(text));
            if (!schema.name().equals(stored.schemaName())) {
                throw new IllegalArgumentException("it is the schema of " + schema.name());
            }
            return schema;
        } catch (IOException | RuntimeException e) {
            throw failure("the schema " + stored.schemaName() + " (version " + stored.version() + ") stored at"
                    + " destination " + where() + " cannot be read: " + e.getMessage(), Optional.of(loadId),
                    "delete its _dlt_version rows (the next load stores it again) or set restore_from_destination"
                            + " = false", e);
        }
    }

    private String where() {
        return destination.type() + " " + destination.displayLocation(context) + " dataset " + context.datasetName();
    }

    private PipelineException failure(String message, Optional<String> loadId, String hint, Throwable cause) {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("pipeline", pipelineName);
        ctx.put("stage", "sync");
        ctx.put("destination", destination.type() + " " + destination.displayLocation(context));
        loadId.ifPresent(id -> ctx.put("load_id", id));
        ctx.put("hint", hint);
        return new PipelineException(message, ctx, cause);
    }
}
