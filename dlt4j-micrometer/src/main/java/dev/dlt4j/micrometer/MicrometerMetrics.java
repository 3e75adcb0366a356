package dev.dlt4j.micrometer;

import dev.dlt4j.PipelineListener;
import dev.dlt4j.StepTrace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes each pipeline step to a Micrometer {@link MeterRegistry}:
 * <ul>
 *   <li>{@code dlt4j.step.duration} (timer), tags {@code pipeline}, {@code step} ({@code extract},
 *   {@code normalize}, {@code load}) and {@code outcome} ({@code success} or {@code failure});</li>
 *   <li>{@code dlt4j.rows} (counter), tags {@code pipeline}, {@code step}, {@code table}: rows extracted
 *   or normalized (child tables included) per table;</li>
 *   <li>{@code dlt4j.files} (counter), tags {@code pipeline}, {@code step}: files written by extract and
 *   normalize, jobs run by load;</li>
 *   <li>{@code dlt4j.packages} (counter), tags {@code pipeline}, {@code step}: load packages the step handled;</li>
 *   <li>{@code dlt4j.jobs.failed} (counter), tag {@code pipeline}: load jobs that failed terminally.</li>
 * </ul>
 * Register with {@code Pipeline.builder(name).listener(MicrometerMetrics.of(registry))}. The meters
 * are updated once per step, when it ends, never per row; one instance may serve many pipelines and threads.
 */
public final class MicrometerMetrics implements PipelineListener {
    private final MeterRegistry registry;

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A listener that records into {@code registry}. */
    public static MicrometerMetrics of(MeterRegistry registry) {
        return new MicrometerMetrics(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void stepFinished(String pipelineName, StepTrace step) {
        Timer.builder("dlt4j.step.duration").description("Time a pipeline step took")
                .tags("pipeline", pipelineName, "step", step.step(), "outcome", step.succeeded() ? "success" : "failure")
                .register(registry).record(step.elapsed());
        for (Map.Entry<String, Long> e : step.rowCounts().entrySet()) {
            Counter.builder("dlt4j.rows").description("Rows a step extracted or normalized, per table").baseUnit("rows")
                    .tags("pipeline", pipelineName, "step", step.step(), "table", e.getKey())
                    .register(registry).increment(e.getValue());
        }
        Counter.builder("dlt4j.files").description("Files written (extract, normalize) or jobs run (load)")
                .tags("pipeline", pipelineName, "step", step.step()).register(registry).increment(step.files());
        Counter.builder("dlt4j.packages").description("Load packages a step handled")
                .tags("pipeline", pipelineName, "step", step.step()).register(registry).increment(step.loadIds().size());
        if (!step.failedJobs().isEmpty()) {
            Counter.builder("dlt4j.jobs.failed").description("Load jobs that failed terminally")
                    .tags("pipeline", pipelineName).register(registry).increment(step.failedJobs().size());
        }
    }

    @Override
    public String toString() {
        return "MicrometerMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
