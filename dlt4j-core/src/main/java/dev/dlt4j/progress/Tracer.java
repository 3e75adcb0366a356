package dev.dlt4j.progress;

import dev.dlt4j.PipelineListener;
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
import dev.dlt4j.log.Logs;

/**
 * Records the steps of a pipeline's calls into a {@link PipelineTrace}. The outermost call
 * ({@link #run} or a {@link #step} not inside one) opens the trace and, when it returns or throws,
 * saves it to {@code trace.json}: a single-step trace is appended to the previous trace, a
 * multi-step one replaces it. Used by one pipeline from one thread at a time.
 */
public final class Tracer {
    private static final Logger LOG = Logs.get(Tracer.class);
    private final Path workingDir;
    private final String pipelineName;
    private final Map<String, String> resolvedConfig;
    private int depth;
    private volatile Instant openedAt;
    /** Written by the pipeline's thread, read by {@link #interrupted} on a shutdown hook's. */
    private volatile List<StepTrace> steps;
    private long files;
    private Map<String, Map<String, Object>> cursors = new java.util.LinkedHashMap<>();
    private final List<PipelineListener> listeners;

    public Tracer(Path workingDir, String pipelineName, Map<String, String> resolvedConfig) {
        this(workingDir, pipelineName, resolvedConfig, List.of());
    }

    /** A tracer that also tells {@code listeners} of each step's start and end (and logs both at INFO). */
    public Tracer(Path workingDir, String pipelineName, Map<String, String> resolvedConfig,
            List<PipelineListener> listeners) {
        this.workingDir = workingDir;
        this.pipelineName = pipelineName;
        this.resolvedConfig = Map.copyOf(resolvedConfig);
        this.listeners = List.copyOf(listeners);
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
        started(step);
        try {
            T result = body.get();
            StepTrace.Outcome o = outcome.apply(result);
            finished(new StepTrace(step, started, Instant.now(), o.loadIds(), o.rowCounts(), files, o.failedJobs(),
                    Optional.empty(), cursors));
            return result;
        } catch (RuntimeException | Error e) {
            finished(new StepTrace(step, started, Instant.now(), List.of(), Map.of(), files, List.of(),
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
            started(step);
            finished(new StepTrace(step, started, ended, error.isPresent() ? List.of() : outcome.loadIds(),
                    error.isPresent() ? Map.of() : outcome.rowCounts(), files,
                    error.isPresent() ? List.of() : outcome.failedJobs(), error.map(Secrets::maskUris)));
        } finally {
            close();
        }
    }

    /**
     * Records a step another process ran and measured (a split run's extract and normalize, from its
     * partitions' commits), as it is; called from the thread that uses this tracer.
     */
    public void record(StepTrace step) {
        open();
        try {
            started(step.step());
            finished(step.exception().isEmpty() ? step : new StepTrace(step.step(), step.startedAt(),
                    step.finishedAt(), step.loadIds(), step.rowCounts(), step.files(), step.failedJobs(),
                    step.exception().map(Secrets::maskUris), step.incrementalCursors(), step.partitions()));
        } finally {
            close();
        }
    }

    /** Records the incremental cursors (start and end value per resource) of the current extract step. */
    public void addCursors(Map<String, Map<String, Object>> value) {
        cursors.putAll(value);
    }

    /**
     * Saves the trace of a call the process is stopping in the middle of (Ctrl-C, SIGTERM): the steps
     * done so far and {@code step} as failed with {@code message}. Called once, from a shutdown hook,
     * while the pipeline's thread may still be running; never throws (the process is exiting).
     */
    public void interrupted(String step, Instant started, List<String> loadIds, String message) {
        try {
            List<StepTrace> done = steps;
            List<StepTrace> all = new ArrayList<>(done == null ? List.of() : done);
            all.add(new StepTrace(step, started, Instant.now(), loadIds, Map.of(), 0, List.of(),
                    Optional.of(Secrets.maskUris(message))));
            Instant opened = openedAt != null && done != null ? openedAt : started;
            PipelineTrace trace = new PipelineTrace(String.format(Locale.ROOT, "%016x",
                    ThreadLocalRandom.current().nextLong()), pipelineName, opened, Instant.now(), all, resolvedConfig,
                    PipelineTrace.ENGINE_VERSION);
            if (all.size() == 1) {
                Optional<PipelineTrace> previous = readQuietly();
                if (previous.isPresent()) {
                    trace = previous.get().mergedWith(trace);
                }
            }
            TraceJson.write(workingDir, trace);
        } catch (RuntimeException e) {
            // the process is going down; the message on stderr still says what happened
        }
    }

    private void started(String step) {
        LOG.info("pipeline {}: {} started", pipelineName, step);
        for (PipelineListener l : listeners) {
            try {
                l.stepStarted(pipelineName, step);
            } catch (RuntimeException e) {
                LOG.warn("pipeline {}: listener {} failed on the start of {}: {}", pipelineName, l, step, e.toString());
            }
        }
    }

    private void finished(StepTrace trace) {
        steps.add(trace);
        if (trace.succeeded()) {
            LOG.info("pipeline {}: {} completed in {} ms, {} {}, rows per table {}, load ids {}", pipelineName,
                    trace.step(), trace.elapsed().toMillis(), trace.files(),
                    trace.step().equals("load") ? "job(s)" : "file(s)", new java.util.TreeMap<>(trace.rowCounts()), trace.loadIds());
        } else {
            LOG.info("pipeline {}: {} failed after {} ms: {}", pipelineName, trace.step(), trace.elapsed().toMillis(),
                    trace.exception().orElse(""));
        }
        for (PipelineListener l : listeners) {
            try {
                l.stepFinished(pipelineName, trace);
            } catch (RuntimeException e) {
                LOG.warn("pipeline {}: listener {} failed on the end of {}: {}", pipelineName, l, trace.step(),
                        e.toString());
            }
        }
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
            steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        }
    }

    private void close() {
        if (--depth > 0) {
            return;
        }
        // a step recorded from elsewhere (a split run's partitions) may have started before this call
        Instant started = steps.stream().map(StepTrace::startedAt).filter(openedAt::isAfter)
                .min(java.util.Comparator.naturalOrder()).orElse(openedAt);
        PipelineTrace trace = new PipelineTrace(String.format(Locale.ROOT, "%016x",
                ThreadLocalRandom.current().nextLong()), pipelineName, started, Instant.now(), steps, resolvedConfig,
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
            LOG.warn("pipeline {}: the run trace was not saved: {}", pipelineName, e.getMessage());
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
