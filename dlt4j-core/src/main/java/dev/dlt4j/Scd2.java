package dev.dlt4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * dlt's options of the {@code scd2} merge strategy ({@code write_disposition={"disposition": "merge",
 * "strategy": "scd2", …}}): the names of the validity columns, the "valid to" value that marks a row
 * active, the timestamp a load retires and starts versions at, and the column that identifies a row
 * version. {@link #DEFAULT} is dlt's defaults. Immutable; build one with {@link #builder()}.
 *
 * @param validFrom the column a version's start goes to ({@code validity_column_names[0]}, default {@code _dlt_valid_from})
 * @param validTo the column a version's end goes to ({@code validity_column_names[1]}, default {@code _dlt_valid_to})
 * @param activeRecordTimestamp the "valid to" of an active version ({@code active_record_timestamp}); empty: {@code NULL}
 * @param boundaryTimestamp when a load's versions start and the versions it retires end
 *     ({@code boundary_timestamp}); empty: the load package's creation time
 * @param rowVersionColumnName the column that identifies a version ({@code row_version_column_name}); the
 *     default {@code _dlt_id} holds a hash of the row, any other column the data provides the version itself
 */
public record Scd2(String validFrom, String validTo, Optional<Instant> activeRecordTimestamp,
        Optional<Instant> boundaryTimestamp, String rowVersionColumnName) {

    /** dlt's defaults: {@code _dlt_valid_from}, {@code _dlt_valid_to}, active rows end at NULL, the package's time, {@code _dlt_id}. */
    public static final Scd2 DEFAULT = builder().build();

    public Scd2 {
        validFrom = requireName(validFrom, "validity_column_names[0]");
        validTo = requireName(validTo, "validity_column_names[1]");
        Objects.requireNonNull(activeRecordTimestamp, "activeRecordTimestamp");
        Objects.requireNonNull(boundaryTimestamp, "boundaryTimestamp");
        rowVersionColumnName = requireName(rowVersionColumnName, "row_version_column_name");
        if (validFrom.equals(validTo)) {
            throw new IllegalArgumentException("scd2 validity_column_names must name two columns, got '" + validFrom
                    + "' twice");
        }
        if (rowVersionColumnName.equals(validFrom) || rowVersionColumnName.equals(validTo)) {
            throw new IllegalArgumentException("scd2 row_version_column_name '" + rowVersionColumnName
                    + "' is one of the validity columns; name another column");
        }
    }

    private static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException("scd2 " + what + " must be a column name, got '" + name + "'");
        }
        return name;
    }

    /**
     * A timestamp as dlt's scd2 options take it: ISO 8601 with an offset ({@code 2024-05-01T12:00:00Z}),
     * or a date or date-time without one, read as UTC ({@code 9999-12-31}).
     *
     * @throws IllegalArgumentException naming the text and the form expected
     */
    public static Instant timestamp(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                } catch (java.time.format.DateTimeParseException e3) {
                    throw new IllegalArgumentException("'" + text + "' is not a timestamp; expected ISO 8601, e.g."
                            + " 9999-12-31T00:00:00Z or 9999-12-31", e3);
                }
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** These options with the column names put through {@code normalize} (the schema's naming convention). */
    public Scd2 withNames(java.util.function.UnaryOperator<String> normalize) {
        return toBuilder().validityColumnNames(normalize.apply(validFrom), normalize.apply(validTo))
                .rowVersionColumnName(normalize.apply(rowVersionColumnName)).build();
    }

    /** Collects options; {@link #build()} checks them. Not thread-safe: one builder, one thread. */
    public static final class Builder {
        private String validFrom = "_dlt_valid_from";
        private String validTo = "_dlt_valid_to";
        private Optional<Instant> activeRecordTimestamp = Optional.empty();
        private Optional<Instant> boundaryTimestamp = Optional.empty();
        private String rowVersionColumnName = "_dlt_id";

        private Builder() {
        }

        private Builder(Scd2 from) {
            validFrom = from.validFrom;
            validTo = from.validTo;
            activeRecordTimestamp = from.activeRecordTimestamp;
            boundaryTimestamp = from.boundaryTimestamp;
            rowVersionColumnName = from.rowVersionColumnName;
        }

        /** dlt's {@code validity_column_names}: the "valid from" and "valid to" columns. */
        public Builder validityColumnNames(String from, String to) {
            validFrom = from;
            validTo = to;
            return this;
        }

        /** dlt's {@code active_record_timestamp}: the "valid to" of active versions, e.g. 9999-12-31. */
        public Builder activeRecordTimestamp(Instant value) {
            activeRecordTimestamp = Optional.of(value);
            return this;
        }

        public Builder activeRecordTimestamp(Optional<Instant> value) {
            activeRecordTimestamp = Objects.requireNonNull(value, "activeRecordTimestamp");
            return this;
        }

        /** dlt's {@code boundary_timestamp}: when the load's versions start and those it retires end. */
        public Builder boundaryTimestamp(Instant value) {
            boundaryTimestamp = Optional.of(value);
            return this;
        }

        public Builder boundaryTimestamp(Optional<Instant> value) {
            boundaryTimestamp = Objects.requireNonNull(value, "boundaryTimestamp");
            return this;
        }

        /** dlt's {@code row_version_column_name}: a column of the data that identifies a row version. */
        public Builder rowVersionColumnName(String value) {
            rowVersionColumnName = value;
            return this;
        }

        public Scd2 build() {
            return new Scd2(validFrom, validTo, activeRecordTimestamp, boundaryTimestamp, rowVersionColumnName);
        }
    }
}
