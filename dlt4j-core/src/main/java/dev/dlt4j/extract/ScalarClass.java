package dev.dlt4j.extract;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A record or bean class whose every property is declared with a scalar type, recognised once per
 * class: its rows have known columns before the first one arrives, so extract writes them into
 * {@code typed-columns} files (positional values, no keys, no type tag per value) instead of
 * {@code typed-rows}. The columns are the properties in the order the row path writes them, each
 * with the dlt type the row path gives its values, so normalize makes the same table either way.
 *
 * <p>Declared types that qualify: String, UUID, Character and enums (text), the primitive and
 * boxed integers (bigint), float and double (double), boolean (bool), BigDecimal (decimal),
 * Instant, OffsetDateTime, ZonedDateTime and LocalDateTime (timestamp), LocalDate, LocalTime and
 * byte[]. Anything else (a List, Map, nested record, Optional, Object, Number, BigInteger, whose
 * row-path type depends on the value, java.util.Date) keeps the class on the row path, so nested
 * values still make child tables.
 */
final class ScalarClass {
    private static final ClassValue<Optional<ScalarClass>> CLASSES = new ClassValue<>() {
        @Override
        protected Optional<ScalarClass> computeValue(Class<?> type) {
            return of(type);
        }
    };

    private static final Map<Class<?>, DataType> TYPES = Map.ofEntries(
            Map.entry(String.class, DataType.TEXT), Map.entry(UUID.class, DataType.TEXT),
            Map.entry(Character.class, DataType.TEXT), Map.entry(char.class, DataType.TEXT),
            Map.entry(Long.class, DataType.BIGINT), Map.entry(long.class, DataType.BIGINT),
            Map.entry(Integer.class, DataType.BIGINT), Map.entry(int.class, DataType.BIGINT),
            Map.entry(Short.class, DataType.BIGINT), Map.entry(short.class, DataType.BIGINT),
            Map.entry(Byte.class, DataType.BIGINT), Map.entry(byte.class, DataType.BIGINT),
            Map.entry(Double.class, DataType.DOUBLE), Map.entry(double.class, DataType.DOUBLE),
            Map.entry(Float.class, DataType.DOUBLE), Map.entry(float.class, DataType.DOUBLE),
            Map.entry(Boolean.class, DataType.BOOL), Map.entry(boolean.class, DataType.BOOL),
            Map.entry(BigDecimal.class, DataType.DECIMAL),
            Map.entry(Instant.class, DataType.TIMESTAMP), Map.entry(OffsetDateTime.class, DataType.TIMESTAMP),
            Map.entry(ZonedDateTime.class, DataType.TIMESTAMP), Map.entry(LocalDateTime.class, DataType.TIMESTAMP),
            Map.entry(LocalDate.class, DataType.DATE), Map.entry(LocalTime.class, DataType.TIME),
            Map.entry(byte[].class, DataType.BINARY));

    private final List<Column> columns;
    private final ValueEncoder.Accessor[] accessors;
    /** Per column, how a value is turned into what {@link dev.dlt4j.storage.ColumnFileWriter#row} takes. */
    private final boolean[] toInstant;

    private ScalarClass(List<Column> columns, ValueEncoder.Accessor[] accessors, boolean[] toInstant) {
        this.columns = List.copyOf(columns);
        this.accessors = accessors;
        this.toInstant = toInstant;
    }

    /** The class's layout when every property is scalar; empty when its rows take the row path. */
    static Optional<ScalarClass> lookup(Class<?> type) {
        return CLASSES.get(type);
    }

    private static Optional<ScalarClass> of(Class<?> type) {
        if (Map.class.isAssignableFrom(type) || Iterable.class.isAssignableFrom(type)
                || com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(type) || type.isArray()
                || type.isEnum() || type.getPackageName().startsWith("java.")) {
            return Optional.empty();
        }
        ValueEncoder.Accessor[] accessors = ValueEncoder.accessors(type);
        if (accessors.length == 0) {
            return Optional.empty(); // the row path writes such an object as {"value": ...}
        }
        List<Column> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean[] toInstant = new boolean[accessors.length];
        for (int i = 0; i < accessors.length; i++) {
            ValueEncoder.Accessor a = accessors[i];
            DataType t = a.type().isEnum() ? DataType.TEXT : TYPES.get(a.type());
            if (t == null || !names.add(a.name())) {
                return Optional.empty();
            }
            toInstant[i] = t == DataType.TIMESTAMP && a.type() != Instant.class;
            columns.add(Column.of(a.name(), t));
        }
        return Optional.of(new ScalarClass(columns, accessors, toInstant));
    }

    List<Column> columns() {
        return columns;
    }

    /**
     * Puts the property values of {@code row} into {@code values} (the caller's, one per table
     * writer: a layout is shared by every extract in the JVM), converted as the row path converts
     * them.
     */
    void values(Object row, Object[] values) {
        for (int i = 0; i < accessors.length; i++) {
            Object v;
            try {
                v = (Object) accessors[i].getter().invokeExact(row);
            } catch (Throwable t) {
                throw new IllegalStateException("cannot read property " + accessors[i].name() + " of "
                        + row.getClass().getName() + ": " + t, t);
            }
            if (v != null && toInstant[i]) {
                v = v instanceof OffsetDateTime o ? o.toInstant() : v instanceof ZonedDateTime z ? z.toInstant()
                        : ((LocalDateTime) v).toInstant(java.time.ZoneOffset.UTC);
            }
            values[i] = v;
        }
    }
}
