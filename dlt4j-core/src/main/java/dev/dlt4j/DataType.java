package dev.dlt4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The data types of a dlt schema, named as dlt names them ({@code text}, {@code bigint} …), so a
 * schema written by dlt4j reads the same as one written by dlt.
 */
public enum DataType {
    TEXT("text"),
    DOUBLE("double"),
    BOOL("bool"),
    BIGINT("bigint"),
    TIMESTAMP("timestamp"),
    DATE("date"),
    TIME("time"),
    DECIMAL("decimal"),
    BINARY("binary"),
    JSON("json"),
    WEI("wei");

    private final String dltName;

    DataType(String dltName) {
        this.dltName = dltName;
    }

    /** The name used in schema files and variant column suffixes, e.g. {@code bigint}. */
    public String dltName() {
        return dltName;
    }

    /** Parses a dlt type name; the error lists the names that are allowed. */
    public static DataType fromDltName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("complex")) {
            return JSON; // dlt's legacy name
        }
        for (DataType t : values()) {
            if (t.dltName.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown data type '" + name + "'; allowed: "
                + Arrays.stream(values()).map(DataType::dltName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return dltName;
    }
}
