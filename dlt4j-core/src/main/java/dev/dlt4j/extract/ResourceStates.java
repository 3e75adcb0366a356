package dev.dlt4j.extract;

import dev.dlt4j.IncrementalCursor;
import dev.dlt4j.Resource;
import dev.dlt4j.ResourceContext;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.config.ConfigResolver;
import dev.dlt4j.state.JsonValues;
import dev.dlt4j.PipelineState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The resource contexts of one extract of one source, and the state they write. Made by the
 * extracting thread before the pipe iterator opens the resources; {@link #contextFor} is called
 * there, {@link ResourceContext#writeState} from any thread, {@link #applyTo} by the extracting
 * thread after the pipe iterator is closed (its pool is shut down, so every write is visible).
 */
final class ResourceStates {
    private final String pipelineName;
    private final String sourceName;
    private final PipelineState base;
    private final java.util.function.Supplier<ConfigResolver> config;
    /** Resource name to the state it wrote in this run; guarded by itself. */
    private final Map<String, Map<String, Object>> written = new LinkedHashMap<>();
    /** Resources whose state this run starts empty (write disposition replace, as dlt resets it). */
    private final Map<String, Boolean> reset = new LinkedHashMap<>();
    /** Source-scoped keys written in this run; guarded by {@link #written}. */
    private final Map<String, Object> sourceValues = new LinkedHashMap<>();

    /** Resource name to its bound incremental, for resources that have one; guarded by {@link #written}. */
    private final Map<String, ResourceIncremental> incrementals = new LinkedHashMap<>();
    private final int maxBoundaryHashes;

    ResourceStates(String pipelineName, Source source, PipelineState base,
            java.util.function.Supplier<ConfigResolver> config, int maxBoundaryHashes) {
        this.maxBoundaryHashes = maxBoundaryHashes;
        this.pipelineName = pipelineName;
        this.sourceName = source.name();
        this.base = Objects.requireNonNull(base, "base");
        this.config = config;
        for (Resource r : source.resources()) {
            reset.put(r.name(), r.writeDisposition() == WriteDisposition.REPLACE);
            r.parent().ifPresent(p -> reset.putIfAbsent(p.name(), p.writeDisposition() == WriteDisposition.REPLACE));
        }
    }

    ResourceContext contextFor(Resource resource) {
        boolean replace = resource.writeDisposition() == WriteDisposition.REPLACE;
        synchronized (written) {
            reset.putIfAbsent(resource.name(), replace);
        }
        Map<String, Object> state = replace ? Map.of() : base.resourceState(sourceName, resource.name());
        ResourceIncremental inc = null;
        if (resource.incremental().isPresent()) {
            inc = new ResourceIncremental(resource, state, maxBoundaryHashes);
            synchronized (written) {
                incrementals.put(resource.name(), inc);
            }
        }
        return new Context(resource.name(), state, inc == null ? Optional.empty() : inc.resourceCursor());
    }

    /** The bound incremental of a resource opened with {@link #contextFor}; null when it has none. */
    ResourceIncremental incrementalOf(Resource resource) {
        synchronized (written) {
            return incrementals.get(resource.name());
        }
    }

    /** A transformer's context for one parent row: as its own, with that parent's cursor. */
    ResourceContext contextFor(ResourceContext transformer, IncrementalCursor cursor) {
        Context c = (Context) transformer;
        return new Context(c.resourceName, c.state, Optional.of(cursor));
    }

    /** Start and end value of each resource's cursor in this run, for the trace (resource to cursor path to values). */
    Map<String, Map<String, Object>> cursorTrace() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        synchronized (written) {
            incrementals.forEach((name, inc) -> out.put(name,
                    Map.of(inc.incremental().cursorPath(), inc.traceEntry())));
        }
        return out;
    }

    /**
     * The base state with what the resources wrote: a written state replaces the resource's, a
     * {@code replace} resource that wrote none loses its state, every other resource keeps its own.
     */
    PipelineState applyTo(PipelineState state) {
        PipelineState out = state;
        synchronized (written) {
            if (!sourceValues.isEmpty()) {
                out = out.withSourceValues(sourceName, sourceValues);
            }
            for (Map.Entry<String, Boolean> r : reset.entrySet()) {
                Map<String, Object> newState = written.get(r.getKey());
                if (newState != null) {
                    out = out.withResourceState(sourceName, r.getKey(), newState);
                } else if (r.getValue() && !out.resourceState(sourceName, r.getKey()).isEmpty()) {
                    out = out.withResourceState(sourceName, r.getKey(), Map.of());
                }
            }
            for (Map.Entry<String, ResourceIncremental> e : incrementals.entrySet()) {
                Optional<Map<String, Object>> entry = e.getValue().state();
                if (entry.isPresent()) {
                    Map<String, Object> resourceState = new LinkedHashMap<>(out.resourceState(sourceName, e.getKey()));
                    Map<String, Object> inc = new LinkedHashMap<>();
                    if (resourceState.get(ResourceIncremental.INCREMENTAL) instanceof Map<?, ?> m) {
                        m.forEach((k, v) -> inc.put(String.valueOf(k), v));
                    }
                    inc.put(e.getValue().incremental().cursorPath(), entry.get());
                    resourceState.put(ResourceIncremental.INCREMENTAL, inc);
                    out = out.withResourceState(sourceName, e.getKey(), resourceState);
                }
            }
        }
        return out;
    }

    private final class Context implements ResourceContext {
        private final String resourceName;
        private final Map<String, Object> state;
        private final Optional<IncrementalCursor> cursor;

        Context(String resourceName, Map<String, Object> state, Optional<IncrementalCursor> cursor) {
            this.resourceName = resourceName;
            this.state = state;
            this.cursor = cursor;
        }

        @Override
        public String pipelineName() {
            return pipelineName;
        }

        @Override
        public String sourceName() {
            return sourceName;
        }

        @Override
        public String resourceName() {
            return resourceName;
        }

        @Override
        public Map<String, Object> state() {
            return state;
        }

        @Override
        public void writeState(Map<String, ?> newState) {
            Map<String, Object> copy = JsonValues.copyMap(Objects.requireNonNull(newState, "newState"),
                    "state of resource " + resourceName + " of source " + sourceName);
            synchronized (written) {
                written.put(resourceName, copy);
            }
        }

        @Override
        public Map<String, Object> sourceState() {
            return base.source(sourceName).values();
        }

        @Override
        public void writeSourceState(Map<String, ?> values) {
            Map<String, Object> copy = JsonValues.copyMap(Objects.requireNonNull(values, "values"),
                    "source state of " + sourceName + " written by resource " + resourceName);
            if (copy.containsKey("resources")) {
                throw new IllegalArgumentException("source state of " + sourceName + " written by resource "
                        + resourceName + ": the key 'resources' holds the resources' state and cannot be written");
            }
            synchronized (written) {
                sourceValues.putAll(copy);
            }
        }

        @Override
        public Optional<IncrementalCursor> incremental() {
            return cursor;
        }

        @Override
        public ConfigResolver config() {
            return config.get();
        }

        @Override
        public String toString() {
            return "context of resource " + resourceName + " of source " + sourceName + " in pipeline "
                    + pipelineName;
        }
    }
}
