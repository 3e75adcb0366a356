package dev.dlt4j;

import java.util.Locale;

/**
 * Whether a bound of an incremental's range includes its value (dlt's {@code range_start} and
 * {@code range_end}): the default range is {@code [start, end)}, a closed start and an open end.
 * A closed start re-reads the rows equal to the last value and drops those already loaded
 * (boundary deduplication); an open start drops every row equal to it, which is exact only when
 * no two rows share a cursor value.
 */
public enum RangeBound {
    /** The bound's value is in the range. */
    CLOSED,
    /** The bound's value is not in the range. */
    OPEN;

    /** dlt's spelling, {@code closed} or {@code open}. */
    public String dltName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses dlt's spelling; the error names the value and what is allowed. */
    public static RangeBound fromDltName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "closed" -> CLOSED;
            case "open" -> OPEN;
            default -> throw new IllegalArgumentException("unknown range bound '" + name + "'; allowed: closed, open");
        };
    }

    @Override
    public String toString() {
        return dltName();
    }
}
