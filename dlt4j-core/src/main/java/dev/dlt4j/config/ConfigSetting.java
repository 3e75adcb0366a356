package dev.dlt4j.config;

/**
 * One effective knob: the scope it applies to (e.g. {@code extract.data_writer}), the key, the
 * value as text and where it came from.
 */
public record ConfigSetting(String scope, String key, String value, ConfigOrigin origin) {
}
