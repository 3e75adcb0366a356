package dev.dlt4j.config;

import java.util.List;

/**
 * Where an effective config value came from: the provider ({@code code}, {@code environment},
 * {@code secrets.toml}, {@code config.toml} or {@code default}), the exact place (file and
 * {@code [section]}, or environment variable name) and the key name as written there.
 */
public record ConfigOrigin(String provider, String location, String keyName) {
    public static final String CODE = "code";
    public static final String ENV = "environment";
    public static final String DEFAULT = "default";

    static ConfigOrigin code() {
        return new ConfigOrigin(CODE, "Pipeline.Builder", "");
    }

    static ConfigOrigin defaultValue() {
        return new ConfigOrigin(DEFAULT, "", "");
    }

    static ConfigOrigin env(String variable, String keyName) {
        return new ConfigOrigin(ENV, variable, keyName);
    }

    static ConfigOrigin toml(String provider, String file, List<String> sections, String keyName) {
        return new ConfigOrigin(provider, file + " section " + section(sections), keyName);
    }

    static String section(List<String> sections) {
        return sections.isEmpty() ? "(top level)" : "[" + String.join(".", sections) + "]";
    }

    /** A phrase for messages: {@code /p/.dlt/config.toml section [extract]} or {@code environment variable X}. */
    public String describe() {
        return switch (provider) {
            case ENV -> "environment variable " + location;
            case DEFAULT -> "the default";
            case CODE -> "code (" + location + ")";
            default -> location;
        };
    }

    @Override
    public String toString() {
        return provider.equals(DEFAULT) || provider.equals(CODE) ? describe() : provider + ": " + describe();
    }
}
