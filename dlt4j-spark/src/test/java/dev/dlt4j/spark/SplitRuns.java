package dev.dlt4j.spark;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.PartitionCommit;
import dev.dlt4j.PartitionPlan;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Source;
import dev.dlt4j.spi.SourcePartition;
import dev.dlt4j.spi.SplittableSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A split run without a Spark session, for tests of splitting and merging: the partitions run one
 * after the other, each in a fresh folder as an executor's task would, and the driver commits them.
 * Runs load into {@code <dir>/<run>.duckdb}, dataset {@code data}.
 */
final class SplitRuns {
    private SplitRuns() {
    }

    /** Splits into {@code n}, runs each partition in a fresh folder, commits them; as Spark does. */
    static LoadInfo splitRun(Path dir, Pipeline driver, String run, SplittableSource factory,
            Map<String, Object> settings, int n) {
        List<SourcePartition> parts = factory.split("shop", settings, driver.config(), n);
        PartitionPlan plan = driver.planPartitions("shop");
        List<PartitionCommit> commits = new ArrayList<>();
        for (SourcePartition part : parts) {
            Pipeline executor = Pipeline.builder(driver.name()).destination("duckdb:" + dir.resolve(run + ".duckdb"))
                    .dataset("data").pipelinesDir(dir.resolve(run + "-shared").resolve("p" + part.index()))
                    .restoreFromDestination(false).build();
            Source source = factory.create(part.name(), part.settings(), executor.config());
            commits.add(executor.runPartition(source, part.index(), "a" + part.index(), plan));
        }
        return driver.commitPartitions(plan, commits, parts.size());
    }

    /** The first column of the first row of {@code sql} over the run's database, as text. */
    static String query(Path dir, String run, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(run + ".duckdb"));
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
