package dev.dlt4j.spark;

import dev.dlt4j.PartitionCommit;
import dev.dlt4j.ProgressCollector;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The Spark stage of a split run as a progress stage of the driver's pipeline: {@code Partitions}
 * counts the partitions whose task finished (told by Spark's listener bus, on its thread, as tasks
 * end), and when the stage ends the rows per table the partitions normalized. Only the stages of
 * the run's own job group count; a partition run twice counts once.
 */
final class PartitionProgress extends SparkListener implements AutoCloseable {
    private final SparkContext spark;
    private final ProgressCollector progress;
    private final String group;
    /** The source partition of each task, by the task's index in the job. */
    private final int[] partitionOfTask;
    private final Set<Integer> stages = new HashSet<>();
    private final Set<Integer> done = new HashSet<>();
    private boolean closed;

    private PartitionProgress(SparkContext spark, ProgressCollector progress, String group, int[] partitionOfTask) {
        this.spark = spark;
        this.progress = progress;
        this.group = group;
        this.partitionOfTask = partitionOfTask;
    }

    /**
     * Begins the progress stage {@code title} of {@code partitions} partitions and listens for the tasks
     * of job group {@code group}; {@link #close} ends it. Without progress ({@code none}) it listens to
     * nothing.
     */
    static PartitionProgress begin(SparkContext spark, ProgressCollector progress, String group, String title,
            int[] partitionOfTask, int partitions) {
        PartitionProgress p = new PartitionProgress(spark, progress, group, partitionOfTask);
        progress.begin(title);
        progress.total("Partitions", partitions);
        if (!progress.isOff()) {
            spark.addSparkListener(p);
        }
        return p;
    }

    @Override
    public synchronized void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        if (submitted.properties() != null && group.equals(submitted.properties().getProperty("spark.jobGroup.id"))) {
            stages.add(submitted.stageInfo().stageId());
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (!closed && stages.contains(end.stageId()) && end.taskInfo().successful()) {
            int task = end.taskInfo().index();
            if (task >= 0 && task < partitionOfTask.length && done.add(partitionOfTask[task])) {
                progress.update("Partitions", 1);
            }
        }
    }

    /** Counts the partitions of {@code commits} the listener has not seen end yet, and their rows. */
    synchronized void committed(List<PartitionCommit> commits) {
        Set<Integer> rowsOf = new HashSet<>();
        for (PartitionCommit c : commits) {
            if (done.add(c.partition())) {
                progress.update("Partitions", 1); // its task-end event is still on Spark's listener bus
            }
            if (rowsOf.add(c.partition())) {
                c.rowCounts().forEach((table, rows) -> progress.update(table, rows));
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (!progress.isOff()) {
            spark.removeSparkListener(this);
        }
        progress.end();
    }
}
