package dev.dlt4j.destination;

import dev.dlt4j.storage.LoaderFileFormat;
import java.util.Set;

/**
 * What a destination supports: loader file formats (and which it prefers), identifier length
 * limits. The pipeline asks before it writes, and a request for what is not supported fails
 * naming the destination and the capability.
 */
public record DestinationCapabilities(LoaderFileFormat preferredFormat, Set<LoaderFileFormat> supportedFormats,
        int maxIdentifierLength, boolean supportsTransactionalDdl) {
    public DestinationCapabilities {
        supportedFormats = Set.copyOf(supportedFormats);
        if (!supportedFormats.contains(preferredFormat)) {
            throw new IllegalArgumentException("preferred format " + preferredFormat + " is not among the supported "
                    + supportedFormats);
        }
    }
}
