package dev.dlt4j.spark;

import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationCapabilities;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import java.util.Set;

/**
 * The destination as an executor sees it: the driver's destination type, for its capabilities and
 * per-table selectors (naming, file formats, strategies), and the driver's location as text. It
 * holds no credentials and opens nothing: executors extract and normalize, only the driver loads.
 */
final class PartitionDestination implements Destination {
    private final Destination type;
    private final String location;

    PartitionDestination(Destination type, String location) {
        this.type = type;
        this.location = location;
    }

    @Override
    public String type() {
        return type.type();
    }

    @Override
    public String displayLocation() {
        return location;
    }

    @Override
    public String displayLocation(DestinationContext context) {
        return location;
    }

    @Override
    public String identity(DestinationContext context) {
        return location;
    }

    @Override
    public DestinationCapabilities capabilities() {
        return type.capabilities();
    }

    @Override
    public Set<MergeStrategy> mergeStrategies(Table table) {
        return type.mergeStrategies(table);
    }

    @Override
    public Set<ReplaceStrategy> replaceStrategies(Table table) {
        return type.replaceStrategies(table);
    }

    @Override
    public Set<LoaderFileFormat> supportedFormats(Table table) {
        return type.supportedFormats(table);
    }

    @Override
    public DestinationClient open(DestinationContext context) {
        throw new UnsupportedOperationException("an executor of a split run never loads: the driver's committer"
                + " loads into " + location);
    }
}
