package dev.dlt4j.spi;

import dev.dlt4j.config.ConfigResolver;

/**
 * Creates destinations of one type; registered in
 * {@code META-INF/services/dev.dlt4j.spi.DestinationFactory} of the destination module.
 */
public interface DestinationFactory {

    /** The type name users write, e.g. {@code duckdb}. */
    String name();

    /** True when this factory handles the name or URI scheme (lower case), e.g. {@code postgresql}. */
    boolean accepts(String scheme);

    /** Creates the destination from its bare name (defaults) or a URI; a bad URI fails naming it. */
    Destination create(String nameOrUri);

    /**
     * Creates the destination for one pipeline, given the pipeline's resolved configuration (its
     * {@code environment(...)} and {@code projectDir(...)} included): a factory reads settings it
     * needs at creation here, never from {@code System.getenv()}. Called by the pipeline's builder
     * when the destination is given by name or URI. Default: {@link #create(String)}, for
     * destinations that read their settings when opened, from {@link DestinationContext#config()}.
     */
    default Destination create(String nameOrUri, ConfigResolver config) {
        return create(nameOrUri);
    }
}
