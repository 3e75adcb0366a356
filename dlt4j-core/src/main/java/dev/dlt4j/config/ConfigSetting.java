package dev.dlt4j.config;

import java.util.Objects;

/**
 * One effective knob: the scope it applies to (e.g. {@code extract.data_writer}), the key's
 * declaration, the value as text ({@code unset} for none) and where it came from.
 */
public record ConfigSetting(String scope, ConfigKey<?> declaration, String value, ConfigOrigin origin) {
    public ConfigSetting {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(declaration, "declaration");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
    }

    /** The key's name (the origin holds the name as written, which may be an alias). */
    public String key() {
        return declaration.name();
    }

    /** The key's default as text ({@code unset} for none). */
    public String defaultValue() {
        return declaration.defaultText();
    }

    /** The module that declared the key, e.g. {@code core} or {@code duckdb}. */
    public String module() {
        return ConfigKeys.module(declaration);
    }
}
