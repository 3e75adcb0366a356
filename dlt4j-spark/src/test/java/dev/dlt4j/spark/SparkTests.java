package dev.dlt4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark local-mode session of the module's tests (a JVM holds one SparkContext; starting
 * it costs seconds, so the test classes share it and Spark's shutdown hook stops it): two cores,
 * a failed task tried twice ({@code local[2,2]}; plain {@code local[2]} never retries), and
 * {@code spark.speculation} on, as a cluster would have it. Local mode never starts a speculative
 * copy (Spark runs its speculation check only when the master is not local), so the second attempt
 * of a partition is made by running it twice in one job ({@code SparkPipelinesTest}).
 */
final class SparkTests {
    private SparkTests() {
    }

    static synchronized SparkSession session() {
        return SparkSession.builder().appName("dlt4j-spark-test").master("local[2,2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.speculation", "true")
                .getOrCreate();
    }
}
