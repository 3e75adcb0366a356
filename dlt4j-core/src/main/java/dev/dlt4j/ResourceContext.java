package dev.dlt4j;

import java.util.Map;
import java.util.Optional;

/**
 * What a resource is given when the extract stage opens it for a run ({@link Resource#of(String,
 * java.util.function.Function)}): its names, its state as the pipeline last loaded it, a way to
 * set its new state, and the pipeline's configuration.
 *
 * <p>State is a map of JSON values ({@code String}, {@code Number}, {@code Boolean}, {@code null},
 * {@code List}, {@code Map} with string keys), kept under {@code sources.<source>.resources.<resource>}
 * of the pipeline state, as in dlt. What a resource writes goes into this run's load package and
 * becomes the pipeline's state only when that package is loaded: a run that fails or is killed
 * before it loads leaves the state as it was. A resource with write disposition {@code replace}
 * starts every run from an empty state (dlt resets it).
 *
 * <p>A context belongs to one resource in one run. It is handed out on the extracting thread;
 * {@link #writeState} may be called from any thread while the resource runs (e.g. from a
 * parallelized resource's iterator), and the last call before the extract ends wins.
 */
public interface ResourceContext {
    String pipelineName();

    /** The source (schema) the resource belongs to. */
    String sourceName();

    String resourceName();

    /**
     * The resource's state as this run starts: that of the last loaded package, or of the newest
     * package still waiting to load (a run continues from it); empty on the first run. Deeply
     * unmodifiable.
     */
    Map<String, Object> state();

    /**
     * Sets the resource's state for this run, replacing the whole map; it is committed with the
     * package when the package loads.
     *
     * @throws IllegalArgumentException when a key is not a string or a value is not a JSON value,
     *     naming the path and the type found
     */
    void writeState(Map<String, ?> newState);

    /** The pipeline's configuration, to read the resource's own settings (e.g. an API token). */
    Config config();

    /**
     * The source-scoped state (dlt's {@code source_state()}): the values under
     * {@code sources.<source>} that the source's resources share, as this run starts. Deeply
     * unmodifiable; empty on the first run.
     */
    Map<String, Object> sourceState();

    /**
     * Sets keys of the source-scoped state for this run (the keys given replace theirs, others are
     * kept); committed with the package when it loads, like {@link #writeState}. The key
     * {@code resources} is reserved.
     *
     * @throws IllegalArgumentException when a key is not a string, is {@code resources}, or a value
     *     is not a JSON value
     */
    void writeSourceState(Map<String, ?> values);

    /**
     * The resource's incremental cursor for this run, when it has an {@link Incremental}: the range
     * to push into a query or request. Empty for a resource without one.
     */
    Optional<IncrementalCursor> incremental();
}
