package dev.dlt4j.spi;

/** A load job failed in a way that retrying cannot fix (bad data, missing rights, wrong type). */
public class DestinationTerminalException extends RuntimeException {
    public DestinationTerminalException(String message, Throwable cause) {
        super(message, cause);
    }

    public DestinationTerminalException(String message) {
        super(message);
    }
}
