package dev.dlt4j.spark;

import org.apache.spark.sql.SparkSession;

/** Spark local-mode sessions for the tests: no UI, few shuffle partitions, small memory. */
final class SparkTests {
    private SparkTests() {
    }

    static SparkSession session(String master, boolean speculation) {
        return SparkSession.builder().appName("dlt4j-spark-test").master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.speculation", String.valueOf(speculation))
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}
