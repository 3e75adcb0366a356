package dev.dlt4j.config;

/**
 * A configuration value is wrong: raised while a pipeline is built or a source is about to be
 * extracted, before any data moves. The message names the key, where it was set (file and
 * {@code [section]}, or environment variable), the value and what is allowed; the accessors hold
 * the same facts for programs.
 */
public class ConfigException extends IllegalArgumentException {
    private final String key;
    private final String location;
    private final String value;
    private final String allowed;

    ConfigException(String message, String key, String location, String value, String allowed) {
        super(message);
        this.key = key;
        this.location = location;
        this.value = value;
        this.allowed = allowed;
    }

    static ConfigException invalid(ConfigKey<?> key, ConfigOrigin origin, String written, String note) {
        String value = key.isSecret() ? ConfigKey.SECRET_MASK : written;
        String allowed = key.allowed();
        String name = origin.keyName().isEmpty() ? key.name() : origin.keyName();
        return new ConfigException("Config key '" + name + "' has invalid value " + value + ", set in "
                + origin.describe() + "; allowed: " + allowed + "." + note, name, origin.describe(), value, allowed);
    }

    static ConfigException aliasConflict(ConfigKey<?> key, ConfigOrigin origin, String value, String aliasValue) {
        String alias = key.alias().orElseThrow();
        return new ConfigException("Config keys '" + key.name() + "' = " + value + " and '" + alias + "' = "
                + aliasValue + " are both set in " + origin.describe() + " with different values; '" + alias
                + "' is another name of '" + key.name() + "', keep one of them.", key.name() + "," + alias,
                origin.describe(), value + "," + aliasValue, "one of '" + key.name() + "' or '" + alias + "'");
    }

    static ConfigException unreadable(String file, String detail) {
        return new ConfigException("Cannot read config file " + file + ": " + detail, "", file, "",
                "a valid TOML document (https://toml.io)");
    }

    /** The key as it was written (e.g. {@code max_buffer_items}); both names for an alias conflict. */
    public String key() {
        return key;
    }

    /** Where it was set: {@code <file> section [a.b]} or {@code environment variable A__B}. */
    public String location() {
        return location;
    }

    /** The value as it was written. */
    public String value() {
        return value;
    }

    /** What the key accepts. */
    public String allowed() {
        return allowed;
    }
}
