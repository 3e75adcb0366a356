package dev.dlt4j.extract;

import dev.dlt4j.storage.InvalidTextException;

/**
 * A row holds a value dlt4j cannot represent: a Java type it does not know (the message lists the
 * supported ones), a string with a lone UTF-16 surrogate, or a value that contains itself (a cyclic
 * map, list or object graph, found as nesting deeper than {@code ValueEncoder.MAX_DEPTH} levels).
 * The message names the table and the column path.
 */
public final class UnsupportedValueException extends RuntimeException {
    static final String SUPPORTED = "String, Number (Integer, Long, Double, BigDecimal, BigInteger …), Boolean, "
            + "java.time (Instant, OffsetDateTime, ZonedDateTime, LocalDateTime, LocalDate, LocalTime), "
            + "java.util.Date, UUID, Enum, byte[], Optional, Map, Collection, arrays, records, beans with getters, "
            + "Jackson JsonNode";
    private static final int MAX_PATH_SHOWN = 200;
    private final String table;
    private final String column;
    private final Class<?> javaType;
    private final String reason;

    UnsupportedValueException(String table, String column, Class<?> javaType) {
        this(table, column, javaType, "cannot represent a value of Java type " + javaType.getName() + ". Supported: "
                + SUPPORTED + ". Convert the value in the resource (e.g. with toString()) or drop it.");
    }

    private UnsupportedValueException(String table, String column, Class<?> javaType, String reason) {
        super("Table " + table + ", column " + column + ": " + reason);
        this.table = table;
        this.column = column;
        this.javaType = javaType;
        this.reason = reason;
    }

    /** A string with a lone UTF-16 surrogate, which would otherwise reach every destination as '?'. */
    static UnsupportedValueException invalidText(String table, String column, InvalidTextException e) {
        return new UnsupportedValueException(table, column, String.class, e.getMessage() + ".");
    }

    /** A value nested deeper than {@code maxDepth} maps and lists: almost always one that contains itself. */
    static UnsupportedValueException tooDeep(String table, Class<?> javaType, int maxDepth) {
        return new UnsupportedValueException(table, "", javaType, "the value nests more than " + maxDepth
                + " levels of maps, lists or objects: it most likely contains itself (a " + javaType.getName()
                + " that refers back to itself or to a parent); break the cycle (e.g. drop the back reference)"
                + " or convert the value to text.");
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
        String path = column.isEmpty() ? parentKey : parentKey + "__" + column;
        // a cyclic value's path repeats for hundreds of levels: its start says where the cycle is
        if (path.length() > MAX_PATH_SHOWN) {
            path = path.substring(0, MAX_PATH_SHOWN) + "…";
        }
        return new UnsupportedValueException(table, path, javaType, reason);
    }
}
