package dev.dlt4j;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A page of rows whose columns and types are known before the rows: an item a resource may yield
 * (alone or in a list) instead of maps, records or beans. Extract writes it column by column into
 * its own extracted format, without a map per row or a type guessed per value; normalize gives the
 * table exactly what the same values as maps would give (the same columns in the same order, types,
 * variants, {@code _dlt_load_id} and {@code _dlt_id}): it is a faster way to the same tables, not
 * another kind of table.
 *
 * <p>Each column is a {@link Column} with a name and a {@link DataType}; its nullability,
 * precision, scale and timezone, when set, are hints for the table's column when the data creates
 * it, as a {@link ColumnHint} would be. Keys and merge hints belong to the resource. Values are
 * stored column-wise: {@code long[]} for {@code BIGINT}, {@code double[]} for {@code DOUBLE},
 * {@code boolean[]} for {@code BOOL}, and for the other types an array of their Java values:
 *
 * <table>
 * <caption>Java values per column type</caption>
 * <tr><th>type</th><th>values (what is converted on the way in)</th></tr>
 * <tr><td>BIGINT</td><td>long (Long, Integer, Short, Byte)</td></tr>
 * <tr><td>DOUBLE</td><td>double (Double, Float)</td></tr>
 * <tr><td>BOOL</td><td>boolean (Boolean)</td></tr>
 * <tr><td>TEXT</td><td>String (CharSequence, Character, UUID: their text; an enum: its name)</td></tr>
 * <tr><td>DECIMAL</td><td>BigDecimal</td></tr>
 * <tr><td>TIMESTAMP</td><td>Instant (OffsetDateTime, ZonedDateTime; LocalDateTime taken as UTC)</td></tr>
 * <tr><td>DATE</td><td>LocalDate</td></tr>
 * <tr><td>TIME</td><td>LocalTime</td></tr>
 * <tr><td>BINARY</td><td>byte[]</td></tr>
 * </table>
 *
 * <p>{@code JSON} and {@code WEI} columns are refused: nested values are unnested into child
 * tables from maps, records and lists, which a page does not hold. A value of another Java type,
 * a null in a column declared not nullable, and columns of different lengths fail when the page is
 * built, naming the column, the row, the value and what is allowed.
 *
 * <pre>{@code
 * ColumnPage page = ColumnPage.builder()
 *         .column("id", DataType.BIGINT)
 *         .column("name", DataType.TEXT)
 *         .row(1L, "ada")
 *         .row(2L, null)
 *         .build();
 * }</pre>
 *
 * <p>Immutable once built, so a page may be yielded and kept; the builder is not thread-safe.
 */
public final class ColumnPage {
    private final List<Column> columns;
    private final int rows;
    /** Per column: long[], double[], boolean[] or Object[] of {@link #rows} values. */
    private final Object[] values;
    /** Per column: which rows are null, or {@code null} when none is. */
    private final boolean[][] nulls;

    private ColumnPage(List<Column> columns, int rows, Object[] values, boolean[][] nulls) {
        this.columns = columns;
        this.rows = rows;
        this.values = values;
        this.nulls = nulls;
    }

    /** A builder: declare the columns, then add rows or give each column's values at once. */
    public static Builder builder() {
        return new Builder();
    }

    /** The columns, in order. */
    public List<Column> columns() {
        return columns;
    }

    /** How many rows the page holds. */
    public int rowCount() {
        return rows;
    }

    /** Whether the value of {@code column} in {@code row} is null. */
    public boolean isNull(int column, int row) {
        Objects.checkIndex(row, rows);
        boolean[] n = nulls[column];
        return n != null && n[row];
    }

    /** The value of a {@code BIGINT} column; 0 where it is null. */
    public long getLong(int column, int row) {
        Objects.checkIndex(row, rows);
        return typed(column, long[].class, "getLong")[row];
    }

    /** The value of a {@code DOUBLE} column; 0 where it is null. */
    public double getDouble(int column, int row) {
        Objects.checkIndex(row, rows);
        return typed(column, double[].class, "getDouble")[row];
    }

    /** The value of a {@code BOOL} column; false where it is null. */
    public boolean getBoolean(int column, int row) {
        Objects.checkIndex(row, rows);
        return typed(column, boolean[].class, "getBoolean")[row];
    }

    /** The value of any column as its Java object ({@code Long}, {@code String}, ...), or {@code null}. */
    public Object get(int column, int row) {
        if (isNull(column, row)) {
            return null;
        }
        Object a = values[column];
        if (a instanceof long[] l) {
            return l[row];
        }
        if (a instanceof double[] d) {
            return d[row];
        }
        if (a instanceof boolean[] b) {
            return b[row];
        }
        return ((Object[]) a)[row];
    }

    private <T> T typed(int column, Class<T> type, String method) {
        Object a = values[column];
        if (!type.isInstance(a)) {
            Column c = columns.get(column);
            throw new IllegalArgumentException(method + " reads a " + type.getComponentType() + " column; column "
                    + c.name() + " is " + c.dataType());
        }
        return type.cast(a);
    }

    @Override
    public String toString() {
        return "ColumnPage" + columns.stream().map(c -> c.name() + " " + c.dataType()).toList() + " of " + rows
                + " row(s)";
    }

    /** The Java values a column of {@code type} takes, for messages. */
    private static String allowed(DataType type) {
        return switch (type) {
            case BIGINT -> "long (Long, Integer, Short, Byte)";
            case DOUBLE -> "double (Double, Float)";
            case BOOL -> "boolean (Boolean)";
            case TEXT -> "String (CharSequence, Character, UUID, an enum)";
            case DECIMAL -> "BigDecimal";
            case TIMESTAMP -> "Instant (OffsetDateTime, ZonedDateTime, LocalDateTime as UTC)";
            case DATE -> "LocalDate";
            case TIME -> "LocalTime";
            case BINARY -> "byte[]";
            default -> "nothing: a page cannot hold " + type + " columns";
        };
    }

    /**
     * Builds a page. Declare every column first ({@link #column(String, DataType)}); then either add
     * rows ({@link #row(Object...)}, or the typed setters and {@link #endRow()}, which leave a
     * column not set in a row null) or give each column's values at once
     * ({@link #column(Column, long[])} and its siblings), not both.
     */
    public static final class Builder {
        private final List<Column> columns = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private final List<Object> values = new ArrayList<>();
        private final List<boolean[]> nulls = new ArrayList<>();
        /** The row being set: rows are added at this index. */
        private int row;
        private int capacity = 16;
        private int[] setInRow = new int[0];
        private boolean byRows;
        private boolean byArrays;
        private boolean built;

        private Builder() {
        }

        /** Declares a nullable column of {@code type}, whose values are added by rows. */
        public Builder column(String name, DataType type) {
            return column(Column.of(name, type));
        }

        /** Declares a column (name, type; nullability, precision, scale, timezone as hints), values added by rows. */
        public Builder column(Column column) {
            declare(column);
            values.add(newArray(column.dataType(), capacity));
            nulls.add(null);
            return this;
        }

        /** A {@code BIGINT} column with all its values. */
        public Builder column(Column column, long[] columnValues) {
            return column(column, columnValues, null);
        }

        /** A {@code BIGINT} column with all its values; {@code isNull[i]} marks row i null (null: none is). */
        public Builder column(Column column, long[] columnValues, boolean[] isNull) {
            return whole(column, DataType.BIGINT, columnValues.clone(), columnValues.length, isNull);
        }

        /** A {@code DOUBLE} column with all its values. */
        public Builder column(Column column, double[] columnValues) {
            return column(column, columnValues, null);
        }

        /** A {@code DOUBLE} column with all its values; {@code isNull[i]} marks row i null (null: none is). */
        public Builder column(Column column, double[] columnValues, boolean[] isNull) {
            return whole(column, DataType.DOUBLE, columnValues.clone(), columnValues.length, isNull);
        }

        /** A {@code BOOL} column with all its values. */
        public Builder column(Column column, boolean[] columnValues) {
            return column(column, columnValues, null);
        }

        /** A {@code BOOL} column with all its values; {@code isNull[i]} marks row i null (null: none is). */
        public Builder column(Column column, boolean[] columnValues, boolean[] isNull) {
            return whole(column, DataType.BOOL, columnValues.clone(), columnValues.length, isNull);
        }

        /** A column of any type with all its values as Java objects ({@code null} for null). */
        public Builder column(Column column, Object[] columnValues) {
            declare(column);
            byArrays(column);
            int n = columnValues.length;
            Object array = newArray(column.dataType(), n);
            values.add(array);
            nulls.add(null);
            int c = columns.size() - 1;
            for (int i = 0; i < n; i++) {
                put(c, array, i, columnValues[i]);
            }
            return this;
        }

        private Builder whole(Column column, DataType expected, Object array, int n, boolean[] isNull) {
            declare(column);
            byArrays(column);
            if (column.dataType() != expected) {
                throw new IllegalArgumentException("page column " + column.name() + " is declared "
                        + column.dataType() + ", but was given " + expected.dltName() + " values ("
                        + array.getClass().getComponentType() + "[]); a " + column.dataType() + " column takes "
                        + allowed(column.dataType()));
            }
            if (isNull != null && isNull.length != n) {
                throw new IllegalArgumentException("page column " + column.name() + " has " + n
                        + " value(s) but " + isNull.length + " null flag(s); they must be as many");
            }
            values.add(array);
            boolean[] flags = isNull == null ? null : isNull.clone();
            if (flags != null && !column.nullable()) {
                for (int i = 0; i < n; i++) {
                    if (flags[i]) {
                        throw notNullable(column, i);
                    }
                }
            }
            nulls.add(flags);
            return this;
        }

        private void byArrays(Column column) {
            if (byRows) {
                throw new IllegalStateException("page column " + column.name() + " is given with all its values,"
                        + " but rows were added already: build a page either by rows or by columns");
            }
            byArrays = true;
        }

        private void declare(Column column) {
            Objects.requireNonNull(column, "column");
            if (built) {
                throw new IllegalStateException("this page was built already; start a new builder");
            }
            if (byRows) {
                throw new IllegalStateException("page column " + column.name() + " is declared after rows were"
                        + " added; declare every column first");
            }
            DataType type = column.dataType();
            if (type == DataType.JSON || type == DataType.WEI) {
                throw new IllegalArgumentException("page column " + column.name() + " is declared " + type
                        + ", which a page cannot hold; allowed: bigint, double, bool, text, decimal, timestamp,"
                        + " date, time, binary (nested values go in maps, records or lists, which are unnested)");
            }
            if (column.primaryKey() || column.mergeKey() || column.unique() || column.rowKey() || column.parentKey()
                    || column.rootKey() || column.variant() || column.hardDelete() || column.dedupSort().isPresent()) {
                throw new IllegalArgumentException("page column " + column.name() + " carries key or merge hints;"
                        + " a page column has a name, a type, nullability, precision, scale and timezone only:"
                        + " declare keys and merge hints on the resource");
            }
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("page column " + column.name() + " is declared twice");
            }
            columns.add(column);
        }

        private void startRows() {
            if (byArrays) {
                throw new IllegalStateException("rows are added to a page whose columns were given with all their"
                        + " values: build a page either by rows or by columns");
            }
            if (!byRows) {
                byRows = true;
                setInRow = new int[columns.size()];
                Arrays.fill(setInRow, -1);
            }
        }

        private int checkColumn(int column) {
            startRows();
            Objects.checkIndex(column, columns.size());
            setInRow[column] = row;
            return column;
        }

        /** Sets a {@code BIGINT} column of the current row. */
        public Builder setLong(int column, long value) {
            Object a = values.get(checkColumn(column));
            if (!(a instanceof long[] l)) {
                throw wrongSetter(column, "setLong", value);
            }
            l[row] = value;
            return this;
        }

        /** Sets a {@code DOUBLE} column of the current row. */
        public Builder setDouble(int column, double value) {
            Object a = values.get(checkColumn(column));
            if (!(a instanceof double[] d)) {
                throw wrongSetter(column, "setDouble", value);
            }
            d[row] = value;
            return this;
        }

        /** Sets a {@code BOOL} column of the current row. */
        public Builder setBoolean(int column, boolean value) {
            Object a = values.get(checkColumn(column));
            if (!(a instanceof boolean[] b)) {
                throw wrongSetter(column, "setBoolean", value);
            }
            b[row] = value;
            return this;
        }

        /** Sets a column of the current row to a Java value of its type (see the class comment) or {@code null}. */
        public Builder set(int column, Object value) {
            put(checkColumn(column), values.get(column), row, value);
            return this;
        }

        /** Sets a column of the current row to null. */
        public Builder setNull(int column) {
            return set(column, null);
        }

        /** Ends the current row: the columns not set in it are null. */
        public Builder endRow() {
            startRows();
            for (int c = 0; c < columns.size(); c++) {
                if (setInRow[c] != row) {
                    put(c, values.get(c), row, null);
                }
            }
            row++;
            if (row == capacity) {
                capacity *= 2;
                for (int c = 0; c < columns.size(); c++) {
                    values.set(c, grow(values.get(c), capacity));
                    boolean[] n = nulls.get(c);
                    if (n != null) {
                        nulls.set(c, Arrays.copyOf(n, capacity));
                    }
                }
            }
            return this;
        }

        /** Adds a row: one Java value per column, in the columns' order ({@code null} for null). */
        public Builder row(Object... rowValues) {
            startRows();
            if (rowValues.length != columns.size()) {
                throw new IllegalArgumentException("a page row has " + rowValues.length + " value(s) but the page has "
                        + columns.size() + " column(s) " + columns.stream().map(Column::name).toList());
            }
            for (int c = 0; c < rowValues.length; c++) {
                set(c, rowValues[c]);
            }
            return endRow();
        }

        /** The page; every column must hold as many values as the others. */
        public ColumnPage build() {
            if (built) {
                throw new IllegalStateException("this page was built already; start a new builder");
            }
            int n;
            if (byArrays) {
                n = -1;
                for (int c = 0; c < columns.size(); c++) {
                    int len = java.lang.reflect.Array.getLength(values.get(c));
                    if (n >= 0 && len != n) {
                        throw new IllegalArgumentException("the columns of a page must hold as many values each:"
                                + " column " + columns.get(0).name() + " has " + n + ", column "
                                + columns.get(c).name() + " has " + len);
                    }
                    n = len;
                }
                n = Math.max(n, 0);
            } else {
                if (byRows && Arrays.stream(setInRow).anyMatch(r -> r == row)) {
                    throw new IllegalStateException("the last row of the page was set but not ended: call endRow()");
                }
                n = row;
            }
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("a page needs at least one column");
            }
            Object[] out = new Object[columns.size()];
            boolean[][] outNulls = new boolean[columns.size()][];
            for (int c = 0; c < out.length; c++) {
                out[c] = grow(values.get(c), n);
                boolean[] flags = nulls.get(c);
                outNulls[c] = flags == null ? null : Arrays.copyOf(flags, n);
            }
            built = true;
            return new ColumnPage(List.copyOf(columns), n, out, outNulls);
        }

        /** Puts a Java value into row {@code r} of column {@code c}, converting and checking it. */
        private void put(int c, Object array, int r, Object value) {
            Column column = columns.get(c);
            if (value == null) {
                if (!column.nullable()) {
                    throw notNullable(column, r);
                }
                boolean[] n = nulls.get(c);
                if (n == null) {
                    n = new boolean[java.lang.reflect.Array.getLength(array)];
                    nulls.set(c, n);
                }
                n[r] = true;
                return;
            }
            boolean[] n = nulls.get(c);
            if (n != null) {
                n[r] = false;
            }
            switch (column.dataType()) {
                case BIGINT -> {
                    if (!(value instanceof Long || value instanceof Integer || value instanceof Short
                            || value instanceof Byte)) {
                        throw wrongValue(column, r, value);
                    }
                    ((long[]) array)[r] = ((Number) value).longValue();
                }
                case DOUBLE -> {
                    if (!(value instanceof Double || value instanceof Float)) {
                        throw wrongValue(column, r, value);
                    }
                    ((double[]) array)[r] = ((Number) value).doubleValue();
                }
                case BOOL -> {
                    if (!(value instanceof Boolean b)) {
                        throw wrongValue(column, r, value);
                    }
                    ((boolean[]) array)[r] = b;
                }
                default -> ((Object[]) array)[r] = convert(column, r, value);
            }
        }

        private static Object convert(Column column, int r, Object v) {
            switch (column.dataType()) {
                case TEXT:
                    if (v instanceof String) {
                        return v;
                    }
                    if (v instanceof CharSequence || v instanceof Character || v instanceof UUID) {
                        return v.toString();
                    }
                    if (v instanceof Enum<?> e) {
                        return e.name();
                    }
                    break;
                case DECIMAL:
                    if (v instanceof BigDecimal) {
                        return v;
                    }
                    break;
                case TIMESTAMP:
                    if (v instanceof Instant) {
                        return v;
                    }
                    if (v instanceof OffsetDateTime o) {
                        return o.toInstant();
                    }
                    if (v instanceof ZonedDateTime z) {
                        return z.toInstant();
                    }
                    if (v instanceof LocalDateTime l) {
                        return l.toInstant(ZoneOffset.UTC); // naive date-times are UTC, as for rows
                    }
                    break;
                case DATE:
                    if (v instanceof LocalDate) {
                        return v;
                    }
                    break;
                case TIME:
                    if (v instanceof LocalTime) {
                        return v;
                    }
                    break;
                case BINARY:
                    if (v instanceof byte[]) {
                        return v;
                    }
                    break;
                default:
                    break;
            }
            throw wrongValue(column, r, v);
        }

        private IllegalArgumentException wrongSetter(int column, String setter, Object value) {
            Column c = columns.get(column);
            return new IllegalArgumentException(setter + "(" + value + ") on page column " + c.name() + " (row "
                    + row + "), which is declared " + c.dataType() + " and takes " + allowed(c.dataType()));
        }

        private static IllegalArgumentException wrongValue(Column c, int r, Object v) {
            String s = v instanceof byte[] b ? "byte[" + b.length + "]" : String.valueOf(v);
            if (s.length() > 60) {
                s = s.substring(0, 57) + "...";
            }
            return new IllegalArgumentException("page column " + c.name() + " (row " + r + ") is declared "
                    + c.dataType() + " and got the value '" + s + "' of type " + v.getClass().getName()
                    + "; allowed: " + allowed(c.dataType()));
        }

        private static IllegalArgumentException notNullable(Column c, int r) {
            return new IllegalArgumentException("page column " + c.name() + " (row " + r + ") is declared not"
                    + " nullable and got a null value");
        }

        private static Object newArray(DataType type, int n) {
            return switch (type) {
                case BIGINT -> new long[n];
                case DOUBLE -> new double[n];
                case BOOL -> new boolean[n];
                default -> new Object[n];
            };
        }

        private static Object grow(Object a, int n) {
            if (a instanceof long[] l) {
                return l.length == n ? l : Arrays.copyOf(l, n);
            }
            if (a instanceof double[] d) {
                return d.length == n ? d : Arrays.copyOf(d, n);
            }
            if (a instanceof boolean[] b) {
                return b.length == n ? b : Arrays.copyOf(b, n);
            }
            Object[] o = (Object[]) a;
            return o.length == n ? o : Arrays.copyOf(o, n);
        }
    }
}
