package dev.dlt4j.source.filesystem;

/**
 * A file that cannot be read as its format: the message names the file, where in it (line, row
 * group) and what was found, so a user can open the file at that place.
 */
final class FileReadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FileReadException(String message, Throwable cause) {
        super(message, cause);
    }

    FileReadException(String message) {
        super(message);
    }
}
