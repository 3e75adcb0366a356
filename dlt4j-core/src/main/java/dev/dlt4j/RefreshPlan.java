package dev.dlt4j;

import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a refresh (or {@code dlt4j pipeline drop}) does to one source, computed before extract as
 * dlt's {@code prepare_refresh_source} / {@code prepare_drop_resources}: the schema and state the
 * extract continues from, and the tables its package drops or empties at the destination when it
 * loads. Only tables that saw data are dropped or emptied there (a table that never did was never
 * created); tables are listed nested before their parents, as dlt lists them.
 *
 * @param schema the schema the extract starts from: without the dropped resources' tables
 *        ({@code drop_resources}), anew ({@code drop_sources}), unchanged ({@code drop_data})
 * @param state the state the extract continues from, with the reset applied
 * @param resources the resources whose tables or state were selected (for messages)
 */
record RefreshPlan(Refresh mode, Schema schema, PipelineState state, List<String> dropped, List<String> truncated,
        Set<String> resources) {

    RefreshPlan {
        dropped = List.copyOf(dropped);
        truncated = List.copyOf(truncated);
        resources = Collections.unmodifiableSet(new LinkedHashSet<>(resources));
    }

    /**
     * The plan for {@code mode} on the source {@code schema.name()}: {@code drop_sources} takes every
     * resource of the schema, the other modes the resources named in {@code resourceNames}.
     */
    static RefreshPlan of(Refresh mode, Schema schema, PipelineState state, Collection<String> resourceNames) {
        String source = schema.name();
        Set<String> selected = new LinkedHashSet<>();
        List<String> chainTables = new ArrayList<>();
        List<String> withData = new ArrayList<>();
        for (Table t : schema.dataTables()) {
            if (!t.isRoot() || t.resource().isEmpty()) {
                continue;
            }
            String resource = t.resource().get();
            if (mode != Refresh.DROP_SOURCES && !resourceNames.contains(resource)) {
                continue;
            }
            selected.add(resource);
            List<Table> chain = new ArrayList<>(schema.tableChain(t.name()));
            Collections.reverse(chain);
            for (Table c : chain) {
                chainTables.add(c.name());
                if (c.seenData()) {
                    withData.add(c.name());
                }
            }
        }
        Schema newSchema = switch (mode) {
            case DROP_SOURCES -> Schema.empty(source);
            case DROP_RESOURCES -> without(schema, chainTables);
            case DROP_DATA -> schema;
        };
        PipelineState newState;
        if (mode == Refresh.DROP_SOURCES) {
            Map<String, SourceState> sources = new LinkedHashMap<>(state.sources());
            if (sources.remove(source) != null) {
                selected.addAll(state.source(source).resources().keySet());
            }
            newState = new PipelineState(state.pipelineName(), state.datasetName(), state.defaultSchemaName(),
                    state.schemaNames(), state.destinationType(), state.destinationName(), sources,
                    state.stateVersion(), state.versionHash());
        } else {
            newState = state;
            for (String r : resourceNames) {
                if (!state.resourceState(source, r).isEmpty()) {
                    selected.add(r);
                    newState = newState.withResourceState(source, r, Map.of());
                }
            }
        }
        boolean truncate = mode == Refresh.DROP_DATA;
        return new RefreshPlan(mode, newSchema, newState, truncate ? List.of() : withData,
                truncate ? withData : List.of(), selected);
    }

    /** The resources of a schema (of its root tables) and of the source's state, for "did you mean" messages. */
    static Set<String> knownResources(Schema schema, PipelineState state) {
        Set<String> out = new LinkedHashSet<>();
        for (Table t : schema.dataTables()) {
            if (t.isRoot()) {
                t.resource().ifPresent(out::add);
            }
        }
        out.addAll(state.source(schema.name()).resources().keySet());
        return out;
    }

    private static Schema without(Schema schema, List<String> tables) {
        Map<String, Table> kept = new LinkedHashMap<>(schema.tables());
        tables.forEach(kept::remove);
        return new Schema(schema.name(), schema.version(), kept);
    }
}
