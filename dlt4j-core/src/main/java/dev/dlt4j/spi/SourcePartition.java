package dev.dlt4j.spi;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One part of a split source, planned on the driver by a {@link SplittableSource} and rebuilt on an
 * executor: the factory {@code type} and the {@code settings} with which
 * {@link SourceFactory#create(String, Map, dev.dlt4j.Config)} makes the part as a source of its own
 * (e.g. the SQL source's settings plus a key range, the filesystem source's plus its files). Plain
 * values only (strings, numbers, booleans, lists and maps of them), never code: it travels to
 * executors by Java serialization (settings with credentials travel with the task, as they would in
 * the application's own closures; {@link #toString()} never shows them).
 *
 * @param index       the partition's place in the plan, 0-based: the committer merges in this order
 * @param type        the {@link SourceFactory#type()} that rebuilds it
 * @param name        the source name, the same for every partition
 * @param settings    the factory's settings for this part
 * @param description what the part holds, for messages (e.g. {@code id in [0, 250000)})
 */
public record SourcePartition(int index, String type, String name, Map<String, Object> settings, String description)
        implements Serializable {

    public SourcePartition {
        if (index < 0) {
            throw new IllegalArgumentException("a partition index must be 0 or more, got " + index);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        Objects.requireNonNull(description, "description");
    }

    /** Index, type, source and description: never the settings, which may hold credentials. */
    @Override
    public String toString() {
        return "partition " + index + " of " + type + " source " + name + " (" + description + ")";
    }
}
