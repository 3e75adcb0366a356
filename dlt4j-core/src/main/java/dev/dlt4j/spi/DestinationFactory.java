package dev.dlt4j.spi;

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
}
