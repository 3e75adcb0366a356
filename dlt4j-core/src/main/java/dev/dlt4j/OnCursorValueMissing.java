package dev.dlt4j;

import java.util.Locale;

/**
 * What the extract stage does with a row whose cursor path is absent or {@code null} (dlt's
 * {@code on_cursor_value_missing}).
 */
public enum OnCursorValueMissing {
    /** Fails the extract, naming the resource, the row's position and the path (the default). */
    RAISE,
    /** Keeps the row; it does not move the cursor. */
    INCLUDE,
    /** Drops the row. */
    EXCLUDE;

    /** dlt's spelling: {@code raise}, {@code include} or {@code exclude}. */
    public String dltName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses dlt's spelling; the error names the value and what is allowed. */
    public static OnCursorValueMissing fromDltName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "raise" -> RAISE;
            case "include" -> INCLUDE;
            case "exclude" -> EXCLUDE;
            default -> throw new IllegalArgumentException("unknown on_cursor_value_missing '" + name
                    + "'; allowed: raise, include, exclude");
        };
    }

    @Override
    public String toString() {
        return dltName();
    }
}
