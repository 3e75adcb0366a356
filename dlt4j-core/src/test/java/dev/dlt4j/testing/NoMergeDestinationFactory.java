package dev.dlt4j.testing;

import dev.dlt4j.config.ConfigDeclarations;
import dev.dlt4j.config.ConfigKey;
import dev.dlt4j.config.ConfigResolver;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds {@link NoMergeDestination} by name, written only against the SPI and the config API:
 * {@code nomerge:///folder}, or bare {@code nomerge} with {@code [destination.nomerge] folder} read
 * from the pipeline's configuration that {@link #create(String, ConfigResolver)} receives.
 */
public final class NoMergeDestinationFactory implements DestinationFactory {

    @Override
    public String name() {
        return "nomerge";
    }

    @Override
    public boolean accepts(String scheme) {
        return scheme.equals("nomerge");
    }

    @Override
    public Destination create(String nameOrUri) {
        // outside a pipeline there is no config to read a folder from: the working directory's nomerge/
        return fromUri(nameOrUri).orElseGet(() -> new NoMergeDestination(Path.of("nomerge").toAbsolutePath()));
    }

    @Override
    public Destination create(String nameOrUri, ConfigResolver config) {
        return fromUri(nameOrUri).orElseGet(() -> new NoMergeDestination(Path.of(config
                .value(List.of("destination", "nomerge"), Keys.FOLDER.name())
                .orElseThrow(() -> new IllegalArgumentException("destination nomerge needs [destination.nomerge]"
                        + " folder (env DESTINATION__NOMERGE__FOLDER) or a URI nomerge:///<folder>")))));
    }

    private static java.util.Optional<Destination> fromUri(String nameOrUri) {
        String spec = nameOrUri.trim();
        return spec.startsWith("nomerge://") && spec.length() > "nomerge://".length()
                ? java.util.Optional.of(new NoMergeDestination(Path.of(spec.substring("nomerge://".length()))))
                : java.util.Optional.empty();
    }

    /** The key the factory reads, declared like any module's. */
    public static final class Keys implements ConfigDeclarations {
        static final ConfigKey<String> FOLDER = ConfigKey.define("destination.nomerge", "folder").text()
                .description("Where the nomerge test destination writes its table files.").build();

        @Override
        public String module() {
            return "nomerge (test)";
        }

        @Override
        public List<ConfigKey<?>> keys() {
            return List.of(FOLDER);
        }
    }
}
