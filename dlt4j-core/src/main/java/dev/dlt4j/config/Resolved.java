package dev.dlt4j.config;

import java.util.List;

/** A typed config record together with the origin of each of its keys. */
public record Resolved<T>(T value, List<ConfigSetting> settings) {
    public Resolved {
        settings = List.copyOf(settings);
    }

    /** The same settings with the value converted, e.g. an {@code Optional} known to be present unwrapped. */
    public <U> Resolved<U> map(java.util.function.Function<? super T, ? extends U> f) {
        return new Resolved<>(f.apply(value), settings);
    }

    /** Where the key of that name came from; fails for a key the record does not hold. */
    public ConfigOrigin origin(String key) {
        return setting(key).origin();
    }

    public ConfigSetting setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no key " + key + " in " + settings));
    }
}
