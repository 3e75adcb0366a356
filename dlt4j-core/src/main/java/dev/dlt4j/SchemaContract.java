package dev.dlt4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the schema may do when data does not fit it, per entity: new {@code tables}, new
 * {@code columns} on a table that has seen data, and {@code data_type} changes (a value that would
 * go to a variant column). Each entity is {@code evolve} (the default), {@code freeze} (fail the
 * normalize stage), {@code discard_row} or {@code discard_value}. Written as dlt writes it: one
 * mode for all three ({@code "freeze"}), or a map {@code {tables: evolve, columns: freeze}} whose
 * missing entities evolve.
 */
public record SchemaContract(Mode tables, Mode columns, Mode dataType) {
    /** Every entity evolves: dlt's default and what an unset contract means. */
    public static final SchemaContract EVOLVE = all(Mode.EVOLVE);

    /** What one entity may do. */
    public enum Mode {
        EVOLVE("evolve"),
        FREEZE("freeze"),
        DISCARD_ROW("discard_row"),
        DISCARD_VALUE("discard_value");

        private final String dltName;

        Mode(String dltName) {
            this.dltName = dltName;
        }

        public String dltName() {
            return dltName;
        }

        /** Parses {@code evolve}, {@code freeze}, {@code discard_row} or {@code discard_value}. */
        public static Mode fromDltName(String name) {
            Objects.requireNonNull(name, "name");
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (Mode m : values()) {
                if (m.dltName.equals(n)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("schema contract mode '" + name + "' is not valid; allowed: "
                    + allowed());
        }

        static String allowed() {
            return Arrays.stream(values()).map(Mode::dltName).collect(Collectors.joining(", "));
        }

        @Override
        public String toString() {
            return dltName;
        }
    }

    public SchemaContract {
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(dataType, "dataType");
    }

    /** One mode for tables, columns and data types alike. */
    public static SchemaContract all(Mode mode) {
        return new SchemaContract(mode, mode, mode);
    }

    /** dlt's string form: one mode that applies to all three entities, e.g. {@code "freeze"}. */
    public static SchemaContract parse(String mode) {
        return all(Mode.fromDltName(mode));
    }

    /**
     * dlt's map form: entity ({@code tables}, {@code columns}, {@code data_type}) to mode; entities
     * not named evolve. Values may be mode names or {@link Mode}s.
     */
    public static SchemaContract parse(Map<String, ?> entities) {
        Mode tables = Mode.EVOLVE;
        Mode columns = Mode.EVOLVE;
        Mode dataType = Mode.EVOLVE;
        for (Map.Entry<String, ?> e : entities.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                throw new IllegalArgumentException("schema contract entity '" + e.getKey()
                        + "' has no mode; allowed: " + Mode.allowed());
            }
            Mode m;
            try {
                m = v instanceof Mode mode ? mode : Mode.fromDltName(v.toString());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("schema contract entity '" + e.getKey() + "': " + ex.getMessage(),
                        ex);
            }
            switch (String.valueOf(e.getKey()).trim().toLowerCase(Locale.ROOT)) {
                case "tables" -> tables = m;
                case "columns" -> columns = m;
                case "data_type" -> dataType = m;
                default -> throw new IllegalArgumentException("schema contract entity '" + e.getKey()
                        + "' is not valid; allowed: tables, columns, data_type");
            }
        }
        return new SchemaContract(tables, columns, dataType);
    }

    /** True when nothing is restricted. */
    public boolean isEvolve() {
        return tables == Mode.EVOLVE && columns == Mode.EVOLVE && dataType == Mode.EVOLVE;
    }

    /** The same contract with another mode for new tables. */
    public SchemaContract withTables(Mode mode) {
        return new SchemaContract(mode, columns, dataType);
    }

    public SchemaContract withColumns(Mode mode) {
        return new SchemaContract(tables, mode, dataType);
    }

    public SchemaContract withDataType(Mode mode) {
        return new SchemaContract(tables, columns, mode);
    }

    @Override
    public String toString() {
        if (tables == columns && columns == dataType) {
            return tables.dltName();
        }
        return "{tables: " + tables + ", columns: " + columns + ", data_type: " + dataType + "}";
    }
}
