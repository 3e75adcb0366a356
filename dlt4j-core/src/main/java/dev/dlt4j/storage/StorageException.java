package dev.dlt4j.storage;

/** A file or folder of the pipeline's working folder could not be read, written or moved. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
