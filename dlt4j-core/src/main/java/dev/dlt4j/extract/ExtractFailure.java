package dev.dlt4j.extract;

/**
 * A resource, step, transformer or deferred item failed; the extractor turns it into a
 * {@link dev.dlt4j.PipelineException} naming pipeline, source, resource and item position.
 */
final class ExtractFailure extends RuntimeException {
    private final String resource;
    private final long position;

    ExtractFailure(String resource, long position, String message, Throwable cause) {
        super(message, cause);
        this.resource = resource;
        this.position = position;
    }

    String resource() {
        return resource;
    }

    long position() {
        return position;
    }
}
