package dev.dlt4j.config;

import java.util.List;

/**
 * Where an effective config value came from: the provider ({@code environment},
 * {@code secrets.toml}, {@code config.toml} or {@code default}), the place (the file, or the
 * environment variable's name), the {@code [section]} within a file, and the key name as written
 * there (which may be an alias).
 */
public record ConfigOrigin(String provider, String location, String section, String keyName) {
    public static final String ENV = "environment";
    public static final String DEFAULT = "default";

    static ConfigOrigin defaultValue() {
        return new ConfigOrigin(DEFAULT, "", "", "");
    }

    static ConfigOrigin env(String variable, String keyName) {
        return new ConfigOrigin(ENV, variable, "", keyName);
    }

    static ConfigOrigin toml(String provider, String file, List<String> sections, String keyName) {
        return new ConfigOrigin(provider, file, section(sections), keyName);
    }

    static String section(List<String> sections) {
        return sections.isEmpty() ? "(top level)" : "[" + String.join(".", sections) + "]";
    }

    /** A phrase for messages: {@code /p/.dlt/config.toml section [extract]} or {@code environment variable X}. */
    public String describe() {
        return switch (provider) {
            case ENV -> "environment variable " + location;
            case DEFAULT -> "the default";
            default -> location + " section " + section;
        };
    }

    /** A short form for tables: {@code config.toml [extract]}, {@code env EXTRACT__WORKERS}, {@code default}. */
    public String shortForm() {
        return switch (provider) {
            case ENV -> "env " + location;
            case DEFAULT -> provider;
            default -> provider + " " + section;
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
