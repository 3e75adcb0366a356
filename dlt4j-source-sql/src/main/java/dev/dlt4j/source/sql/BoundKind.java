package dev.dlt4j.source.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * What the {@code long} bounds of a {@link KeyRange} count, by the type of the column it cuts: integer
 * keys, days since 1970-01-01 for a date, microseconds since 1970-01-01T00:00 for a timestamp (the
 * instant of one with a time zone; the wall clock of a naive one, which dlt loads as UTC). Microseconds
 * are what PostgreSQL and MariaDB store, so a window of a temporal column is a range of whole keys, cut
 * by the same exact integer arithmetic as an integer column, with no gaps or overlaps at its edges.
 * A bound that does not fit (PostgreSQL's {@code infinity}, a year past 294,000) is an
 * {@link ArithmeticException}: the caller does not cut by that column.
 */
enum BoundKind {
    INTEGER(ColumnKind.BIGINT),
    DATE(ColumnKind.DATE),
    TIMESTAMP(ColumnKind.TIMESTAMP),
    TIMESTAMP_TZ(ColumnKind.TIMESTAMP_TZ);

    private static final long MICROS = 1_000_000L;

    private final ColumnKind column;

    BoundKind(ColumnKind column) {
        this.column = column;
    }

    /** The kind that cuts a column of {@code kind}, if any (MariaDB's session-zoned TIMESTAMP has none). */
    static Optional<BoundKind> of(ColumnKind kind) {
        for (BoundKind k : values()) {
            if (k.column == kind) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The name a partition's settings carry. */
    String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BoundKind fromSettingName(Object raw) {
        for (BoundKind k : values()) {
            if (k.settingName().equals(raw)) {
                return k;
            }
        }
        throw new IllegalArgumentException("sql_database setting partition.kind '" + raw + "' is not valid; allowed:"
                + " integer, date, timestamp, timestamp_tz");
    }

    /**
     * Column {@code i} of {@code rs} (a {@code min} or {@code max}) in this kind's units, rounded down,
     * or up when {@code ceil} (a column finer than microseconds: the largest value stays inside its
     * window); empty when NULL.
     *
     * @throws ArithmeticException when the value has no place in a long of these units
     */
    Optional<Long> read(ResultSet rs, int i, boolean ceil) throws SQLException {
        Object v = switch (this) {
            case INTEGER -> {
                long l = rs.getLong(i);
                yield rs.wasNull() ? null : l;
            }
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMP_TZ -> rs.getObject(i, OffsetDateTime.class);
        };
        return v == null ? Optional.empty() : Optional.of(units(v, ceil));
    }

    /**
     * A cursor's {@code initial_value} or {@code end_value} (a number, a date, a date-time, ISO text) in
     * this kind's units, rounded down, or up when {@code ceil}; empty when it does not read as this kind
     * (the extract filters it then, and the windows ignore it).
     */
    Optional<Long> cursorValue(Object v, boolean ceil) {
        try {
            if (this == INTEGER) {
                BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString().trim());
                return Optional.of(d.setScale(0, ceil ? RoundingMode.CEILING : RoundingMode.FLOOR).longValueExact());
            }
            return Optional.of(units(IncrementalQuery.parameter(v, column), ceil));
        } catch (ArithmeticException | IllegalArgumentException | DateTimeException
                | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private long units(Object v, boolean ceil) {
        return switch (this) {
            case INTEGER -> (Long) v;
            case DATE -> days((LocalDate) v);
            case TIMESTAMP -> micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC), ceil);
            case TIMESTAMP_TZ -> micros(((OffsetDateTime) v).toInstant(), ceil);
        };
    }

    private static long days(LocalDate d) {
        // PostgreSQL's date infinity reads as LocalDate.MAX / MIN: no window reaches it
        if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
            throw new ArithmeticException("date " + d + " (infinity) cannot bound a window");
        }
        return d.toEpochDay();
    }

    private static long micros(Instant i, boolean ceil) {
        long m = Math.addExact(Math.multiplyExact(i.getEpochSecond(), MICROS), i.getNano() / 1000);
        return ceil && i.getNano() % 1000 != 0 ? Math.addExact(m, 1) : m;
    }

    private static LocalDateTime dateTime(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS),
                (int) Math.floorMod(micros, MICROS) * 1000, ZoneOffset.UTC);
    }

    /** The SQL literal of bound {@code v}: standard SQL, with the year of era and BC as PostgreSQL reads it. */
    String literal(long v) {
        return switch (this) {
            case INTEGER -> Long.toString(v);
            case DATE -> "DATE '" + date(LocalDate.ofEpochDay(v)) + "'";
            case TIMESTAMP -> "TIMESTAMP '" + timestamp(v, "") + "'";
            case TIMESTAMP_TZ -> "TIMESTAMP WITH TIME ZONE '" + timestamp(v, "+00") + "'";
        };
    }

    private static String date(LocalDate d) {
        return String.format(Locale.ROOT, "%04d-%02d-%02d%s", d.get(ChronoField.YEAR_OF_ERA), d.getMonthValue(),
                d.getDayOfMonth(), d.get(ChronoField.ERA) == 0 ? " BC" : "");
    }

    private static String timestamp(long micros, String zone) {
        LocalDateTime t = dateTime(micros);
        String date = date(t.toLocalDate());
        boolean bc = date.endsWith(" BC");
        return String.format(Locale.ROOT, "%s %02d:%02d:%02d.%06d%s%s", bc ? date.substring(0, date.length() - 3)
                : date, t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000, zone, bc ? " BC" : "");
    }

    /** Bound {@code v} for people (a partition's description): ISO-8601. */
    String text(long v) {
        return switch (this) {
            case INTEGER -> Long.toString(v);
            case DATE -> LocalDate.ofEpochDay(v).toString();
            case TIMESTAMP -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime(v));
            case TIMESTAMP_TZ -> dateTime(v).toInstant(ZoneOffset.UTC).toString();
        };
    }
}
