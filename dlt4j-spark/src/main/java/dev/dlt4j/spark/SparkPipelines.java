package dev.dlt4j.spark;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.PartitionCommit;
import dev.dlt4j.PartitionPlan;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.spi.SourceFactory;
import dev.dlt4j.spi.SourcePartition;
import dev.dlt4j.spi.SplittableSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a pipeline's source split over a Spark cluster: each partition is extracted and normalized
 * by a Spark task into a load package on shared storage, and one committer on the driver (this
 * JVM) merges the packages in partition order and loads them with the pipeline's loader.
 *
 * <pre>{@code
 * List<SourcePartition> parts = SparkPipelines.split(pipeline, "sql_database", "shop", settings, 8);
 * LoadInfo info = SparkPipelines.run(spark, pipeline, parts);
 * }</pre>
 */
public final class SparkPipelines {
    private SparkPipelines() {
    }

    /**
     * The partitions of the source {@code name} that factory {@code type} builds from
     * {@code settings}: at most {@code partitions}, planned on the driver with the pipeline's config.
     *
     * @throws IllegalArgumentException when no factory of that type is on the class path, or it cannot split
     */
    public static List<SourcePartition> split(Pipeline pipeline, String type, String name,
            Map<String, Object> settings, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be 1 or more, got " + partitions);
        }
        SourceFactory factory = factory(type);
        if (!(factory instanceof SplittableSource splittable)) {
            throw new IllegalArgumentException("source type '" + type + "' cannot be split: its factory "
                    + factory.getClass().getName() + " does not implement SplittableSource");
        }
        return splittable.split(name, settings, pipeline.config(), partitions);
    }

    /**
     * Runs {@code partitions} as Spark tasks with the pipeline's working folder as shared storage
     * (right for local mode; on a cluster use {@link #run(SparkSession, Pipeline, List, Path)}).
     */
    public static LoadInfo run(SparkSession spark, Pipeline pipeline, List<SourcePartition> partitions) {
        return run(spark, pipeline, partitions, pipeline.workingDir().resolve("partitions"));
    }

    /**
     * Runs {@code partitions} as Spark tasks, one each, whose packages go under {@code sharedDir} (a
     * folder every executor and the driver see), then commits and loads them on the driver.
     * The partitions' folders are deleted once the run has loaded.
     *
     * @throws PipelineException when a partition failed after Spark's retries (nothing is loaded, the
     *         partition folders are deleted as far as no cancelled task still writes there) or the
     *         commit fails
     */
    public static LoadInfo run(SparkSession spark, Pipeline pipeline, List<SourcePartition> partitions,
            Path sharedDir) {
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("no partitions to run");
        }
        String source = partitions.get(0).name();
        for (int i = 0; i < partitions.size(); i++) {
            SourcePartition p = partitions.get(i);
            if (p.index() != i || !p.name().equals(source)) {
                throw new IllegalArgumentException("partition " + i + " is " + p.index() + " of source " + p.name()
                        + "; a run takes the partitions of one source in plan order (0, 1, ...)");
            }
        }
        return runTasks(spark, pipeline, partitions, partitions.size(), sharedDir);
    }

    /**
     * Runs one Spark task per element of {@code tasks} and commits {@code partitions} partitions. The
     * tests list a partition twice: two real attempts of it run at once, both write a package on
     * shared storage and both commits reach the committer (what a speculative copy leaves behind; Spark's
     * local mode never speculates, and on a cluster Spark hands the job one result per partition).
     */
    static LoadInfo runTasks(SparkSession spark, Pipeline pipeline, List<SourcePartition> tasks, int partitions,
            Path sharedDir) {
        String source = tasks.get(0).name();
        PartitionPlan plan = pipeline.planPartitions(source);
        Path runDir = sharedDir.resolve(plan.loadId());
        ExecutorPipeline executor = new ExecutorPipeline(pipeline.name(), pipeline.datasetName(),
                pipeline.destination().type(), pipeline.destinationLocation(), runDir.toString());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<PartitionCommit> commits;
        try {
            jsc.setJobDescription("dlt4j " + pipeline.name() + ": extract and normalize " + partitions
                    + " partitions of " + source);
            commits = jsc.parallelize(tasks, tasks.size()).map(new PartitionTask(executor, plan)).collect();
        } catch (Exception e) { // Spark's SparkException is a checked exception thrown unchecked from Scala
            // best effort: tasks Spark is still cancelling may write on; the folder is scratch either way
            try {
                deleteTree(runDir);
            } catch (java.io.UncheckedIOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new PipelineException("a partition of source " + source + " failed on Spark: " + e.getMessage(),
                    Map.of("pipeline", pipeline.name(), "stage", "partition", "load_id", plan.loadId(), "hint",
                            "nothing was loaded; the state is unchanged, so running again redoes every partition"), e);
        }
        LoadInfo info = pipeline.commitPartitions(plan, commits, partitions);
        deleteTree(runDir);
        return info;
    }

    /** Deletes the run's partition folders (scratch once the run loaded, or failed before its commit). */
    private static void deleteTree(Path root) {
        if (!java.nio.file.Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot delete the partition folders " + root, e);
        }
    }

    static SourceFactory factory(String type) {
        Optional<SourceFactory> found = ServiceLoader.load(SourceFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.type().equals(type)).findFirst();
        return found.orElseThrow(() -> new IllegalArgumentException("no source factory of type '" + type
                + "' on the class path; known: " + ServiceLoader.load(SourceFactory.class).stream()
                        .map(p -> p.get().type()).sorted().toList()));
    }
}
