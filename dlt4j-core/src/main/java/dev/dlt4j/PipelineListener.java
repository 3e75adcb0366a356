package dev.dlt4j;

/**
 * Hears the steps of a pipeline ({@code extract}, {@code normalize}, {@code load}) start and end,
 * e.g. to feed a metrics registry (the {@code dlt4j-micrometer} module's {@code MicrometerMetrics}).
 * Register with {@link Pipeline.Builder#listener}. Called on the thread that runs the pipeline,
 * after the step's trace is complete; when normalize and load overlap, {@code load}'s end is
 * reported after it. A listener that throws is logged at WARN and never fails the run.
 */
public interface PipelineListener {
    /** A step starts; {@code step} is {@code extract}, {@code normalize} or {@code load}. */
    default void stepStarted(String pipelineName, String step) {
    }

    /** A step ended, successfully or not ({@link StepTrace#succeeded()}), with its counts and times. */
    default void stepFinished(String pipelineName, StepTrace step) {
    }
}
