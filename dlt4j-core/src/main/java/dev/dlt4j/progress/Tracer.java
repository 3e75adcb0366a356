package dev.dlt4j.progress;

import dev.dlt4j.PipelineTrace;
import dev.dlt4j.StepTrace;
import dev.dlt4j.spi.Secrets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the steps of a pipeline's calls into a {@link PipelineTrace}. The outermost call
 * ({@link #run} or a {@link #step} not inside one) opens the trace and, when it returns or throws,
 * saves it to {@code trace.json}: a single-step trace is appended to the previous trace, a
 * multi-step one replaces it. Used by one pipeline from one thread at a time.
 */
public final class Tracer {
    private final Path workingDir;
    private final String pipelineName;
    private final Map<String, String> resolvedConfig;
    private int depth;
    private Instant openedAt;
    private List<StepTrace> steps;
    private long files;
    private Map<String, Map<String, Object>> cursors = new java.util.LinkedHashMap<>();

    public Tracer(Path workingDir, String pipelineName, Map<String, String> resolvedConfig) {
        this.workingDir = workingDir;
        this.pipelineName = pipelineName;
        this.resolvedConfig = Map.copyOf(resolvedConfig);
    }

    /** Runs a multi-step call ({@code run}): it opens a trace and its inner steps add to it. */
    public <T> T run(Supplier<T> body) {
        open();
        try {
            return body.get();
        } finally {
            close();
        }
    }

    /** Runs one step and records it, with what {@code outcome} reads from its result, or its exception. */
    public <T> T step(String step, Supplier<T> body, Function<? super T, StepTrace.Outcome> outcome) {
        open();
        Instant started = Instant.now();
        long filesBefore = files;
        Map<String, Map<String, Object>> cursorsBefore = cursors;
        files = 0;
        cursors = new java.util.LinkedHashMap<>();
        try {
            T result = body.get();
            StepTrace.Outcome o = outcome.apply(result);
            steps.add(new StepTrace(step, started, Instant.now(), o.loadIds(), o.rowCounts(), files, o.failedJobs(),
                    Optional.empty(), cursors));
            return result;
        } catch (RuntimeException | Error e) {
            steps.add(new StepTrace(step, started, Instant.now(), List.of(), Map.of(), files, List.of(),
                    Optional.of(Secrets.maskUris(e.getMessage() == null ? e.toString() : e.getMessage()))));
            throw e;
        } finally {
            files = filesBefore;
            cursors = cursorsBefore;
            close();
        }
    }

    /**
     * Records a step that ran elsewhere (e.g. on a load thread, side by side with another step),
     * with its own times; called from the thread that uses this tracer, after the step ended.
     */
    public void record(String step, Instant started, Instant ended, StepTrace.Outcome outcome, long files,
            Optional<String> error) {
        open();
        try {
            steps.add(new StepTrace(step, started, ended, error.isPresent() ? List.of() : outcome.loadIds(),
                    error.isPresent() ? Map.of() : outcome.rowCounts(), files,
                    error.isPresent() ? List.of() : outcome.failedJobs(), error.map(Secrets::maskUris)));
        } finally {
            close();
        }
    }

    /** Records the incremental cursors (start and end value per resource) of the current extract step. */
    public void addCursors(Map<String, Map<String, Object>> value) {
        cursors.putAll(value);
    }

    /** Adds files written (extract, normalize) or jobs run (load) to the current step. */
    public void addFiles(long count) {
        files += count;
    }

    /** The last saved trace. */
    public Optional<PipelineTrace> lastTrace() {
        return TraceJson.read(workingDir);
    }

    private void open() {
        if (depth++ == 0) {
            openedAt = Instant.now();
            steps = new ArrayList<>();
        }
    }

    private void close() {
        if (--depth > 0) {
            return;
        }
        PipelineTrace trace = new PipelineTrace(String.format(Locale.ROOT, "%016x",
                ThreadLocalRandom.current().nextLong()), pipelineName, openedAt, Instant.now(), steps, resolvedConfig,
                PipelineTrace.ENGINE_VERSION);
        steps = null;
        try {
            if (trace.steps().size() == 1) {
                Optional<PipelineTrace> previous = readQuietly();
                if (previous.isPresent()) {
                    trace = previous.get().mergedWith(trace);
                }
            }
            TraceJson.write(workingDir, trace);
        } catch (RuntimeException e) {
            // a trace that cannot be written must not fail a run that worked (or hide why it failed)
            // the logger is looked up only here, so a run without a logging provider prints nothing
            Logger log = LoggerFactory.getLogger(Tracer.class);
            log.warn("pipeline {}: the run trace was not saved: {}", pipelineName, e.getMessage());
        }
    }

    private Optional<PipelineTrace> readQuietly() {
        try {
            return TraceJson.read(workingDir);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
