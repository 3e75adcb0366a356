package dev.dlt4j.source.rest;

/**
 * A request of the REST API source failed for good (after its retries), or its response cannot be
 * used. The message names the method, URL (secrets masked), resource and what to check.
 */
final class RestApiException extends RuntimeException {
    RestApiException(String message) {
        super(message);
    }

    RestApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
