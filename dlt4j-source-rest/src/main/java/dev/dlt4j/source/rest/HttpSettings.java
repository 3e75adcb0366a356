package dev.dlt4j.source.rest;

import java.time.Duration;
import java.util.Optional;

/**
 * How the client talks HTTP: dlt's {@code [runtime] request_timeout}, {@code request_max_attempts},
 * {@code request_backoff_factor} and {@code request_max_retry_delay}, plus dlt4j's
 * {@code client.requests_per_second}. Immutable.
 *
 * @param timeout connect and whole-response timeout of one attempt
 * @param maxAttempts attempts of one request, the first included (dlt: 5)
 * @param backoffFactor the first retry waits about this many seconds, doubling each time (with jitter)
 * @param maxRetryDelay no wait is longer, a {@code Retry-After} included
 * @param requestsPerSecond the most requests the source sends per second, over all its resources; empty: no limit
 */
record HttpSettings(Duration timeout, int maxAttempts, double backoffFactor, Duration maxRetryDelay,
        Optional<Double> requestsPerSecond) {
    static final HttpSettings DEFAULTS = new HttpSettings(Duration.ofSeconds(60), 5, 1.0, Duration.ofSeconds(300),
            Optional.empty());

    HttpSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("request_max_attempts must be at least 1, got " + maxAttempts);
        }
        if (backoffFactor < 0) {
            throw new IllegalArgumentException("request_backoff_factor must be 0 or more, got " + backoffFactor);
        }
        if (requestsPerSecond.isPresent() && !(requestsPerSecond.get() > 0)) {
            throw new IllegalArgumentException("requests_per_second must be more than 0, got " + requestsPerSecond.get());
        }
    }

    /** The wait before attempt {@code attempt + 1} (attempt counts from 1): exponential with equal jitter, capped. */
    Duration backoff(int attempt, double random) {
        double seconds = backoffFactor * Math.pow(2, attempt - 1);
        seconds = Math.min(seconds, maxRetryDelay.toMillis() / 1000.0);
        // equal jitter: half fixed, half random, so parallel clients do not retry in lock step
        return Duration.ofMillis(Math.round((seconds / 2 + random * seconds / 2) * 1000));
    }
}
