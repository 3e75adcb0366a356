package dev.dlt4j.extract;

/**
 * A row holds a value whose Java type dlt4j cannot represent. The message names the table, the
 * column path and the Java type, and lists the types that are supported.
 */
public final class UnsupportedValueException extends RuntimeException {
    static final String SUPPORTED = "String, Number (Integer, Long, Double, BigDecimal, BigInteger …), Boolean, "
            + "java.time (Instant, OffsetDateTime, ZonedDateTime, LocalDateTime, LocalDate, LocalTime), "
            + "java.util.Date, UUID, Enum, byte[], Optional, Map, Collection, arrays, records, beans with getters, "
            + "Jackson JsonNode";
    private final String table;
    private final String column;
    private final Class<?> javaType;

    UnsupportedValueException(String table, String column, Class<?> javaType) {
        super("Table " + table + ", column " + column + ": cannot represent a value of Java type "
                + javaType.getName() + ". Supported: " + SUPPORTED
                + ". Convert the value in the resource (e.g. with toString()) or drop it.");
        this.table = table;
        this.column = column;
        this.javaType = javaType;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    public Class<?> javaType() {
        return javaType;
    }

    UnsupportedValueException under(String table, String parentKey) {
        return new UnsupportedValueException(table, column.isEmpty() ? parentKey : parentKey + "__" + column,
                javaType);
    }
}
