package dev.dlt4j.storage;

import java.io.IOException;

/**
 * A file of the working folder whose bytes are not what its writer wrote: a bad header, a value
 * that cannot be, a compressed frame that fails its checksum or ends early. Unlike an I/O error it
 * fails the same way on every read, so what holds the file can never be read as it is.
 */
public final class DamagedFileException extends IOException {
    public DamagedFileException(String message) {
        super(message);
    }

    public DamagedFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
