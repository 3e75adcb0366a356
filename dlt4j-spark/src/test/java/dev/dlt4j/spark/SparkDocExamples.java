package dev.dlt4j.spark;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.spi.SourcePartition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The Java examples of docs/spark.md, compiled and run by {@link SparkDocTest}. */
final class SparkDocExamples {
    private SparkDocExamples() {
    }

    static LoadInfo local(SparkSession spark, Path database, Path pipelinesDir) {
        // doc:local
        Pipeline pipeline = Pipeline.builder("shop").destination("duckdb:" + database).dataset("shop_data")
                .pipelinesDir(pipelinesDir).build();
        Map<String, Object> settings = Map.of("credentials", "postgresql://postgres@127.0.0.1:5432/test",
                "schema", "spark_doc", "table_names", List.of("orders"));    // dlt's sql_database settings
        List<SourcePartition> parts = SparkPipelines.split(pipeline, "sql_database", "shop", settings, 8);
        LoadInfo info = SparkPipelines.run(spark, pipeline, parts);           // one load, one package
        // end:local
        return info;
    }

    static LoadInfo cluster(SparkSession spark, Pipeline pipeline, Path sharedFolder) {
        // doc:cluster
        List<SourcePartition> parts = SparkPipelines.split(pipeline, "filesystem", "events",
                Map.of("bucket_url", sharedFolder.resolve("input").toUri().toString(), "file_glob", "*.jsonl"), 16);
        LoadInfo info = SparkPipelines.run(spark, pipeline, parts, sharedFolder.resolve("dlt4j-partitions"));
        // end:cluster
        return info;
    }
}
