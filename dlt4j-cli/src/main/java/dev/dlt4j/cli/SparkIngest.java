package dev.dlt4j.cli;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.spark.SparkPipelines;
import dev.dlt4j.spi.SourcePartition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * {@code dlt4j ingest --spark MASTER}: the ingest's source split by {@link SparkPipelines#split} and
 * run by {@link SparkPipelines#run} on a session for the master. The only class of the command line
 * that names Spark: {@link IngestCommand} loads it after {@link #missing} found Spark on the class
 * path, so without Spark the other commands (and this one's error) never touch a Spark class.
 */
final class SparkIngest {
    /** The class whose absence means "no Spark here". */
    static final String SPARK_CLASS = "org.apache.spark.sql.SparkSession";

    /** What {@code --spark} takes, for the error of a master Spark cannot parse. */
    static final String MASTERS = "local, local[N], local[*], local[N,F] (F tries per task), spark://HOST:PORT, yarn,"
            + " k8s://https://HOST:PORT";

    /** A session was started, used and stopped: what it loaded and how many partitions ran. */
    record Result(LoadInfo info, int partitions, String master) {
    }

    private SparkIngest() {
    }

    /**
     * Why {@code --spark} cannot run in this JVM, or empty when Spark is on the class path: one line
     * with the fix.
     */
    static Optional<String> missing(ClassLoader loader) {
        try {
            Class.forName(SPARK_CLASS, false, loader);
            return Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("--spark needs Apache Spark 4.0 on the class path, and " + SPARK_CLASS
                    + " is not there (the dlt4j jar does not bundle Spark): set SPARK_HOME to a Spark 4.0"
                    + " installation and run ./dlt4j again (it adds $SPARK_HOME/jars), or run the jar with"
                    + " spark-submit --class dev.dlt4j.cli.Main dlt4j-cli-all.jar ingest ...");
        }
    }

    /**
     * Why Spark's first job would fail on Jackson, or empty when it will not: Spark registers
     * jackson-module-scala with a databind {@code ObjectMapper} when it makes an RDD, and the module
     * refuses a databind of another minor version (Spark 4.0's module is 2.18, dlt4j's databind 2.23).
     * The same registration, done here before Spark starts, so the error is one line with the fix.
     */
    static Optional<String> jacksonMismatch(ClassLoader loader) {
        try {
            Object module = Class.forName("com.fasterxml.jackson.module.scala.DefaultScalaModule$", true, loader)
                    .getField("MODULE$").get(null);
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .registerModule((com.fasterxml.jackson.databind.Module) module);
            return Optional.empty();
        } catch (Exception | LinkageError e) { // Jackson's JsonMappingException: checked, undeclared in Scala
            return Optional.of("--spark: Spark's jackson-module-scala does not work with the jackson-databind "
                    + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION + " of dlt4j (" + dev.dlt4j.PipelineException.oneLine(e)
                    + "): put the dlt4j jar before Spark's jars on the class path (./dlt4j does; it carries the"
                    + " module of its own Jackson version), or with spark-submit set"
                    + " spark.driver.userClassPathFirst=true");
        }
    }

    /**
     * Splits the source into {@code partitions} parts (empty: twice the session's default parallelism,
     * i.e. the master's cores), runs them on a session for {@code master} named after the pipeline, and
     * stops the session when this call started it.
     *
     * @throws BadMaster when Spark cannot parse {@code master}
     */
    static Result run(Pipeline pipeline, String type, Map<String, Object> settings, String master,
            Optional<Integer> partitions, Map<String, String> conf, Optional<Path> sharedDir) {
        boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession.Builder builder = SparkSession.builder().master(master).appName("dlt4j " + pipeline.name());
        conf.forEach(builder::config);
        SparkSession spark;
        try {
            spark = builder.getOrCreate();
        } catch (Exception e) { // SparkException is checked in Java's eyes but thrown unchecked from Scala
            if (String.valueOf(e.getMessage()).contains("Could not parse Master URL")) {
                throw new BadMaster(e.getMessage());
            }
            throw e instanceof RuntimeException r ? r
                    : new IllegalStateException("cannot start Spark with master " + master + ": " + e.getMessage(), e);
        }
        try {
            int n = partitions.orElseGet(() -> 2 * spark.sparkContext().defaultParallelism());
            // the source's name is its type, as in the single-JVM ingest: the same schema, tables and state
            List<SourcePartition> parts = SparkPipelines.split(pipeline, type, type, settings, n);
            LoadInfo info = sharedDir.map(dir -> SparkPipelines.run(spark, pipeline, parts, dir))
                    .orElseGet(() -> SparkPipelines.run(spark, pipeline, parts));
            return new Result(info, parts.size(), spark.sparkContext().master());
        } finally {
            if (!existed) {
                spark.stop();
            }
        }
    }

    /** Spark refused the master string; the message is Spark's. */
    static final class BadMaster extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadMaster(String message) {
            super(message);
        }
    }
}
