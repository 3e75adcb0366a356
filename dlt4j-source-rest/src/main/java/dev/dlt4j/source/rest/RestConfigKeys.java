package dev.dlt4j.source.rest;

import dev.dlt4j.Config;
import dev.dlt4j.config.ConfigDeclarations;
import dev.dlt4j.config.ConfigKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The REST API source's keys: dlt's HTTP settings of section {@code [runtime]}; registered in
 * {@code META-INF/services/dev.dlt4j.config.ConfigDeclarations}. A value given in code
 * ({@link RestApiSource.Builder}) wins over these.
 */
public final class RestConfigKeys implements ConfigDeclarations {
    static final String SECTION = "runtime";

    /** dlt's {@code request_timeout}. */
    public static final ConfigKey<Duration> REQUEST_TIMEOUT = ConfigKey.define(SECTION, "request_timeout").duration()
            .defaultValue(Duration.ofSeconds(60))
            .description("Timeout of one HTTP request of the REST API source (connect and whole response), as in dlt.")
            .build();

    /** dlt's {@code request_max_attempts}. */
    public static final ConfigKey<Integer> REQUEST_MAX_ATTEMPTS = ConfigKey.define(SECTION, "request_max_attempts")
            .integerAtLeast(1).defaultValue(5)
            .description("Attempts of one HTTP request of the REST API source, the first included; retried on 429,"
                    + " 5xx, connection errors and timeouts.").build();

    /** dlt's {@code request_backoff_factor}. */
    public static final ConfigKey<Double> REQUEST_BACKOFF_FACTOR = ConfigKey.define(SECTION, "request_backoff_factor")
            .parsedBy(RestConfigKeys::nonNegative, "a number of seconds of at least 0").defaultValue(1.0)
            .description("First retry wait of the REST API source in seconds, doubled at each retry (with jitter) up"
                    + " to request_max_retry_delay; a Retry-After header wins.").build();

    /** dlt's {@code request_max_retry_delay}. */
    public static final ConfigKey<Duration> REQUEST_MAX_RETRY_DELAY = ConfigKey.define(SECTION,
            "request_max_retry_delay").duration().defaultValue(Duration.ofSeconds(300))
            .description("Longest wait between two attempts of the REST API source, Retry-After included.").build();

    @Override
    public String module() {
        return "source-rest";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(REQUEST_TIMEOUT, REQUEST_MAX_ATTEMPTS, REQUEST_BACKOFF_FACTOR, REQUEST_MAX_RETRY_DELAY);
    }

    private static Double nonNegative(Object raw) {
        double d;
        if (raw instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(String.valueOf(raw).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(e);
            }
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException();
        }
        return d;
    }

    /** The HTTP settings as the pipeline's configuration sets them, defaults elsewhere. */
    static HttpSettings httpSettings(Optional<Config> config, Optional<Double> requestsPerSecond) {
        return new HttpSettings(read(config, REQUEST_TIMEOUT), read(config, REQUEST_MAX_ATTEMPTS),
                read(config, REQUEST_BACKOFF_FACTOR), read(config, REQUEST_MAX_RETRY_DELAY), requestsPerSecond);
    }

    private static <T> T read(Optional<Config> config, ConfigKey<T> key) {
        return config.flatMap(c -> c.value(List.of(SECTION), key.name()))
                .map(v -> key.check("[" + SECTION + "]", v))
                .orElseGet(() -> key.defaultValue().orElseThrow());
    }
}
