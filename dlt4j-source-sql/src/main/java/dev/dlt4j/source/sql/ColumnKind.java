package dev.dlt4j.source.sql;

import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a column's values are read from a {@link ResultSet} and which dlt type they load as; decided
 * once per column from its JDBC type and the database's type name, so reading a row does no look-up.
 */
enum ColumnKind {
    BIGINT(DataType.BIGINT) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            long v = rs.getLong(i);
            return v == 0 && rs.wasNull() ? null : v;
        }

        @Override
        int put(ResultSet rs, int i, ColumnPage.Builder page, int column) throws SQLException {
            long v = rs.getLong(i);
            if (v == 0 && rs.wasNull()) {
                page.setNull(column);
            } else {
                page.setLong(column, v);
            }
            return Long.BYTES;
        }
    },
    DECIMAL(DataType.DECIMAL) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            return rs.getBigDecimal(i);
        }
    },
    DOUBLE(DataType.DOUBLE) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            double v = rs.getDouble(i);
            return v == 0 && rs.wasNull() ? null : v;
        }

        @Override
        int put(ResultSet rs, int i, ColumnPage.Builder page, int column) throws SQLException {
            double v = rs.getDouble(i);
            if (v == 0 && rs.wasNull()) {
                page.setNull(column);
            } else {
                page.setDouble(column, v);
            }
            return Double.BYTES;
        }
    },
    BOOL(DataType.BOOL) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            boolean v = rs.getBoolean(i);
            return !v && rs.wasNull() ? null : v;
        }

        @Override
        int put(ResultSet rs, int i, ColumnPage.Builder page, int column) throws SQLException {
            boolean v = rs.getBoolean(i);
            if (!v && rs.wasNull()) {
                page.setNull(column);
            } else {
                page.setBoolean(column, v);
            }
            return 1;
        }
    },
    TEXT(DataType.TEXT) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            return rs.getString(i);
        }
    },
    /**
     * JSON text: an object or array stays text, which the normalizer parses into the json column; a
     * scalar becomes its value (a string without its quotes, a number, a boolean, null), as psycopg2
     * hands dlt a JSON column's value, so it goes to a variant column as that value.
     */
    JSON(DataType.JSON) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            String s = rs.getString(i);
            if (s == null) {
                return null;
            }
            String t = s.strip();
            if (t.startsWith("{") || t.startsWith("[")) {
                return s;
            }
            try {
                return JSON_SCALARS.readValue(t, Object.class);
            } catch (java.io.IOException e) {
                return s; // not JSON after all (a text column of MariaDB marked json): the normalizer decides
            }
        }
    },
    DATE(DataType.DATE) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            return rs.getObject(i, LocalDate.class);
        }
    },
    TIME(DataType.TIME) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            return rs.getObject(i, LocalTime.class);
        }
    },
    /** A timestamp without time zone: loaded as it is, as UTC (dlt's naive date-times). */
    TIMESTAMP(DataType.TIMESTAMP) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            return rs.getObject(i, LocalDateTime.class);
        }
    },
    /** PostgreSQL's {@code timestamptz}: the driver gives the instant with its offset. */
    TIMESTAMP_TZ(DataType.TIMESTAMP) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            return rs.getObject(i, OffsetDateTime.class);
        }
    },
    /** MariaDB's {@code TIMESTAMP}: an instant the driver shows in the session's zone; read back as the instant. */
    INSTANT(DataType.TIMESTAMP) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            Timestamp t = rs.getTimestamp(i);
            return t == null ? null : t.toInstant();
        }
    },
    /**
     * MariaDB's {@code TIMESTAMP} read as {@link #INSTANT} reads it where the driver gives it in the
     * JVM's default zone ({@link Connector#mariaDbTimestampsInJvmZone}): the driver's wall time, taken in
     * that zone as its {@code Calendar} takes it (a wall time twice in an autumn hour as the later
     * instant, one skipped in spring as if the clock had not moved), without a {@code Calendar} per
     * value, which cost a third of reading such a table. Chosen by the table reader, never reflected.
     */
    INSTANT_JVM_ZONE(DataType.TIMESTAMP) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            LocalDateTime t = rs.getObject(i, LocalDateTime.class);
            return t == null ? null : inDefaultZone(t);
        }
    },
    BINARY(DataType.BINARY) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            return rs.getBytes(i);
        }
    },
    /** A SQL array (PostgreSQL): a json list, as dlt loads arrays. */
    ARRAY(DataType.JSON) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            Array a = rs.getArray(i);
            if (a == null) {
                return null;
            }
            try {
                return toList(a.getArray());
            } finally {
                a.free();
            }
        }
    },
    /** A type dlt has no mapping for: its text form (with a warning naming the column at reflection). */
    UNKNOWN(DataType.TEXT) {
        @Override
        Object read(ResultSet rs, int i) throws SQLException {
            return rs.getString(i);
        }
    };

    /** Reads JSON scalars as Python's json.loads does: fractions as double, integers as integers. */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_SCALARS =
            new com.fasterxml.jackson.databind.ObjectMapper();

    final DataType dataType;
    /** Whether a typed page can hold the values: not for json and arrays (nested values, unnested from rows). */
    final boolean fitsPage;

    ColumnKind(DataType dataType) {
        this.dataType = dataType;
        this.fitsPage = dataType != DataType.JSON;
    }

    /** The value of column {@code i} (1-based) of the current row, or null. */
    abstract Object read(ResultSet rs, int i) throws SQLException;

    /**
     * Sets the value of column {@code i} (1-based) of the current row into {@code column} of a typed
     * page's current row: numbers and booleans without boxing, the rest as {@link #read} gives them.
     * Returns about how many bytes of heap the value takes in the page ({@link #heapBytes}).
     */
    int put(ResultSet rs, int i, ColumnPage.Builder page, int column) throws SQLException {
        Object v = read(rs, i);
        page.set(column, v);
        return heapBytes(v);
    }

    /**
     * About how many bytes of heap a value read by {@link #read} takes, its reference included: what
     * bounds a page by size as well as by rows. Rough on purpose (object headers of a 64-bit JVM with
     * compressed pointers; text at a byte per character): it is a bound, not an account.
     */
    static int heapBytes(Object v) {
        if (v == null) {
            return 4;
        }
        if (v instanceof String s) {
            return 4 + 40 + s.length();
        }
        if (v instanceof byte[] b) {
            return 4 + 16 + b.length;
        }
        if (v instanceof BigDecimal d) {
            return 4 + 40 + (d.precision() > 18 ? 24 + d.precision() / 2 : 0);
        }
        if (v instanceof List<?> list) {
            int n = 4 + 40;
            for (Object o : list) {
                n += heapBytes(o);
            }
            return n;
        }
        return 4 + 24; // a boxed number, a date, time or timestamp
    }

    /** The kind of a column; empty for a type dlt has no mapping for. */
    static Optional<ColumnKind> of(Dialect dialect, int jdbcType, String typeName, int size) {
        String t = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (t.equals("json") || t.equals("jsonb")) {
            return Optional.of(JSON);
        }
        if (t.equals("uuid")) {
            return Optional.of(TEXT); // dlt emits uuids as text
        }
        if (t.equals("money") || t.equals("timetz") || t.equals("time with time zone") || t.equals("interval")) {
            return Optional.empty(); // pgjdbc says DOUBLE/TIME, but the values are text ("$1.00", "12:00+02")
        }
        if (t.contains("unsigned") && (jdbcType == Types.BIGINT)) {
            return Optional.of(DECIMAL); // up to 2^64 - 1 does not fit a signed bigint
        }
        switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT:
                return Optional.of(BIGINT);
            case Types.NUMERIC, Types.DECIMAL:
                return Optional.of(DECIMAL);
            case Types.REAL, Types.FLOAT, Types.DOUBLE:
                return Optional.of(DOUBLE);
            case Types.BOOLEAN:
                return Optional.of(BOOL);
            case Types.BIT:
                return size <= 1 ? Optional.of(BOOL) : Optional.empty();
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB:
                return Optional.of(TEXT);
            case Types.DATE:
                return t.equals("year") ? Optional.of(BIGINT) : Optional.of(DATE);
            case Types.TIME:
                return Optional.of(TIME);
            case Types.TIMESTAMP:
                if (t.equals("timestamptz") || t.equals("timestamp with time zone")) {
                    return Optional.of(TIMESTAMP_TZ);
                }
                return Optional.of(dialect == Dialect.MARIADB && t.equals("timestamp") ? INSTANT : TIMESTAMP);
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return Optional.of(TIMESTAMP_TZ);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB:
                return Optional.of(BINARY);
            case Types.ARRAY:
                return Optional.of(ARRAY);
            default:
                return Optional.empty();
        }
    }

    /** {@code t} in the JVM's default zone as {@link java.util.GregorianCalendar} resolves it (lenient). */
    static java.time.Instant inDefaultZone(LocalDateTime t) {
        java.time.ZoneId zone = java.util.TimeZone.getDefault().toZoneId();
        java.time.zone.ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return t.toInstant(rules.getOffset(java.time.Instant.EPOCH));
        }
        return java.time.ZonedDateTime.of(t, zone).withLaterOffsetAtOverlap().toInstant();
    }

    /** A JDBC array's elements as a list; dates and times as ISO text, nested arrays as lists. */
    static List<Object> toList(Object array) {
        Object[] items = (Object[]) array;
        List<Object> out = new ArrayList<>(items.length);
        for (Object o : items) {
            if (o instanceof Object[] inner) {
                out.add(toList(inner));
            } else if (o instanceof Timestamp ts) {
                out.add(ts.toLocalDateTime().toString());
            } else if (o instanceof java.sql.Date d) {
                out.add(d.toLocalDate().toString());
            } else if (o instanceof java.sql.Time t) {
                out.add(t.toLocalTime().toString());
            } else if (o instanceof BigDecimal || o instanceof Number || o instanceof Boolean || o instanceof String
                    || o == null) {
                out.add(o);
            } else {
                out.add(o.toString()); // uuid, PGobject (json, interval ...): their text form
            }
        }
        return out;
    }
}
