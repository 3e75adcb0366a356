package dev.dlt4j;

import java.util.Locale;

/**
 * The order in which a resource yields its cursor values (dlt's {@code row_order}). It sorts
 * nothing: it tells the extract stage that once one row is out of range every later row is too, so
 * it stops reading the resource at the first out-of-range row (the rest of that page is still
 * filtered) and closes the resource's iterator. {@code ASC} stops at the first row at or beyond the
 * end value, {@code DESC} at the first row before the start value. Data that is not in the declared
 * order loses rows; leave the order unset when in doubt.
 */
public enum RowOrder {
    ASC,
    DESC;

    /** dlt's spelling, {@code asc} or {@code desc}. */
    public String dltName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses dlt's spelling; the error names the value and what is allowed. */
    public static RowOrder fromDltName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> ASC;
            case "desc" -> DESC;
            default -> throw new IllegalArgumentException("unknown row_order '" + name + "'; allowed: asc, desc");
        };
    }

    @Override
    public String toString() {
        return dltName();
    }
}
