package dev.dlt4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark local-mode session of the module's tests (a JVM holds one SparkContext; starting
 * it costs seconds, so the test classes share it and Spark's shutdown hook stops it): two cores,
 * a failed task tried twice ({@code local[2,2]}; plain {@code local[2]} never retries), and
 * speculative execution on with eager settings, so every run of the tests is one with speculation.
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
                .config("spark.speculation.interval", "50ms")
                .config("spark.speculation.multiplier", "1.1")
                .config("spark.speculation.quantile", "0.25")
                .config("spark.speculation.minTaskRuntime", "50ms")
                .getOrCreate();
    }
}
