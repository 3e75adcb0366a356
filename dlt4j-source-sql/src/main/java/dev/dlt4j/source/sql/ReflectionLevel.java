package dev.dlt4j.source.sql;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much of a table's definition becomes column hints, as dlt's {@code reflection_level}:
 * {@link #MINIMAL} only names, nullability and primary keys (types are inferred from the data),
 * {@link #FULL} (the default) also data types with the precision and scale of decimals and the time
 * zone of timestamps, {@link #FULL_WITH_PRECISION} also the length of text and binary columns and
 * the precision of small integers.
 */
public enum ReflectionLevel {
    MINIMAL("minimal"),
    FULL("full"),
    FULL_WITH_PRECISION("full_with_precision");

    private final String dltName;

    ReflectionLevel(String dltName) {
        this.dltName = dltName;
    }

    /** The name in dlt's settings, e.g. {@code full_with_precision}. */
    public String dltName() {
        return dltName;
    }

    /** Parses dlt's name; the error lists the allowed names. */
    public static ReflectionLevel fromDltName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ReflectionLevel l : values()) {
            if (l.dltName.equals(n)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown reflection_level '" + name + "'; allowed: "
                + Arrays.stream(values()).map(ReflectionLevel::dltName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return dltName;
    }
}
