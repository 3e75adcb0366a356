package dev.dlt4j.spark;

import dev.dlt4j.PartitionCommit;
import dev.dlt4j.PartitionPlan;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Source;
import dev.dlt4j.spi.SourcePartition;
import java.util.Locale;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * The Spark task of one partition: rebuilds the partition's source from its factory type and
 * settings and runs extract + normalize into a folder of its own attempt, so a retried or
 * speculative attempt never touches another's files.
 */
final class PartitionTask implements Function<SourcePartition, PartitionCommit> {
    private static final long serialVersionUID = 1L;

    private final ExecutorPipeline executor;
    private final PartitionPlan plan;

    PartitionTask(ExecutorPipeline executor, PartitionPlan plan) {
        this.executor = executor;
        this.plan = plan;
    }

    @Override
    public PartitionCommit call(SourcePartition partition) {
        TaskContext task = TaskContext.get();
        String attempt = task == null ? "local"
                : String.format(Locale.ROOT, "p%05d-t%d-a%d", partition.index(), task.taskAttemptId(),
                        task.attemptNumber());
        Pipeline pipeline = executor.build(attempt);
        Source source = SparkPipelines.factory(partition.type()).create(partition.name(), partition.settings(),
                pipeline.config());
        return pipeline.runPartition(source, partition.index(), attempt, plan);
    }
}
