package dev.dlt4j.postgres;

import dev.dlt4j.config.ConfigKey;
import dev.dlt4j.config.ConfigResolver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JDBC driver properties of {@code [destination.postgres]} (see {@link PostgresConfigKeys}),
 * resolved from a pipeline's config when its destination is opened; the values were validated
 * when that config was built.
 */
final class PostgresConnectionProperties {
    /** Config key to the driver's property name. */
    private static final Map<ConfigKey<String>, String> DRIVER_NAMES = Map.of(
            PostgresConfigKeys.SSLMODE, "sslmode",
            PostgresConfigKeys.SSLROOTCERT, "sslrootcert",
            PostgresConfigKeys.APPLICATION_NAME, "ApplicationName");

    private PostgresConnectionProperties() {
    }

    /** The properties set for the pipeline (or at their defaults), keyed by the driver's names. */
    static Map<String, String> resolve(ConfigResolver config, String pipeline) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<ConfigKey<String>, String> e : DRIVER_NAMES.entrySet()) {
            Optional<String> v = config.destinationOptional(pipeline, e.getKey()).value();
            v.ifPresent(value -> out.put(e.getValue(), value));
        }
        return Map.copyOf(out);
    }
}
