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
     * About {@code partitions} parts of the source {@code name} built from {@code settings}, in a
     * fixed order: at most that many for one table or file glob, fewer when there is less to split
     * (one file, a small key range); a source of several tables or globs may give each at least one,
     * so more in all. May connect to the source to plan (the SQL source reads the key's min and max).
     *
     * @throws IllegalArgumentException when {@code partitions} is below 1 or the settings cannot be
     *         split, naming the setting and what is allowed
     */
    List<SourcePartition> split(String name, Map<String, Object> settings, Config config, int partitions);
}
