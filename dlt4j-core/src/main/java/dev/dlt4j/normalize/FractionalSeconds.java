package dev.dlt4j.normalize;

import dev.dlt4j.Column;
import java.time.Instant;
import java.time.LocalTime;
import java.util.OptionalInt;

/**
 * Cuts the fractional seconds of a timestamp or time value to whole microseconds before a csv or
 * insert_values job file is written, unless its column declares 7 to 9 digits (DuckDB's
 * {@code TIMESTAMP_NS}). dlt's values, Python datetimes, never carry more than microseconds;
 * PostgreSQL, which reads these formats, rounds the extra digits, so {@code 23:59:59.9999999} of the
 * last day of a year became midnight of the next year and a time {@code 24:00:00}, while DuckDB and
 * parquet files ({@code ParquetEncoder}) cut them. Fewer declared digits than six are left to the
 * database, which rounds dlt's microseconds in the same way; a column of 7 to 9 digits on PostgreSQL
 * (whose columns hold 6) is still rounded there.
 */
final class FractionalSeconds {
    private FractionalSeconds() {
    }

    /** {@code value} with the digits its column does not keep cut off; any other value as it is. */
    static Object cut(Column column, Object value) {
        if (value instanceof Instant i) {
            int extra = i.getNano() % unit(column);
            return extra == 0 ? i : i.minusNanos(extra);
        }
        if (value instanceof LocalTime t) {
            int extra = t.getNano() % unit(column);
            return extra == 0 ? t : t.minusNanos(extra);
        }
        return value;
    }

    /** Nanoseconds per last kept digit: 1,000 for microseconds (no precision, or 6 or fewer digits), 1 for nine. */
    private static int unit(Column column) {
        OptionalInt digits = column.precision();
        if (digits.isEmpty() || digits.getAsInt() <= 6) {
            return 1_000;
        }
        return digits.getAsInt() >= 9 ? 1 : digits.getAsInt() == 8 ? 10 : 100;
    }
}
