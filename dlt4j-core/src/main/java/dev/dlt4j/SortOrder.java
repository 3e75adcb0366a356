package dev.dlt4j;

import java.util.Locale;

/**
 * The order of dlt's {@code dedup_sort} column hint: when merge deduplicates the rows of one load by
 * primary key, {@code DESC} keeps the row with the highest value in the column, {@code ASC} the
 * lowest.
 */
public enum SortOrder {
    ASC,
    DESC;

    /** dlt's spelling, {@code asc} or {@code desc}. */
    public String dltName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SortOrder fromDltName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> ASC;
            case "desc" -> DESC;
            default -> throw new IllegalArgumentException("unknown dedup_sort order '" + name + "'; allowed: asc, desc");
        };
    }

    @Override
    public String toString() {
        return dltName();
    }
}
