package dev.dlt4j.spi;

import dev.dlt4j.Config;
import java.util.List;
import java.util.Map;

/**
 * A {@link SourceFactory} whose sources split into parts that run on several machines (dlt4j-spark):
 * on the driver, {@link #split} plans small, deterministic {@link SourcePartition}s from the settings
 * (the same settings give the same parts, in the same order); on each executor,
 * {@link SourceFactory#create} rebuilds one part from its {@link SourcePartition#settings()}.
 * Together the parts yield every row of the unsplit source exactly once.
 */
public interface SplittableSource extends SourceFactory {

    /**
     * At most {@code partitions} parts of the source {@code name} built from {@code settings}, in a
     * fixed order; fewer when there is less to split (one file, a small key range). May connect to
     * the source to plan (the SQL source reads the key's min and max).
     *
     * @throws IllegalArgumentException when {@code partitions} is below 1 or the settings cannot be
     *         split, naming the setting and what is allowed
     */
    List<SourcePartition> split(String name, Map<String, Object> settings, Config config, int partitions);
}
