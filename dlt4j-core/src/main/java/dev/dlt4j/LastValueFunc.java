package dev.dlt4j;

import java.util.Comparator;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * Which of two cursor values is the "last" one (dlt's {@code last_value_func}): {@link #MAX} (the
 * default: the cursor moves up), {@link #MIN} (it moves down), or a custom order. The cursor of a
 * run ends on the last of every value it saw and the next run starts from it; rows before the start
 * value are dropped. Immutable; any thread.
 *
 * <p>{@code MAX} and {@code MIN} compare numbers by value (an {@code Integer} with a {@code Long}
 * or a {@code BigDecimal}), timestamps ({@code Instant}, {@code OffsetDateTime},
 * {@code ZonedDateTime}) by their instant, {@code LocalDate}, {@code LocalDateTime} and strings by
 * their natural order; two values of kinds that cannot be compared (a string after timestamps) stop
 * the extract with an error naming both. Only these two support {@link Incremental#lag}.
 *
 * <pre>{@code
 * LastValueFunc.comparing("longest_name", Comparator.comparing(v -> ((String) v).length()));
 * LastValueFunc.of("newest_version", (a, b) -> Version.parse(a).isAfter(Version.parse(b)) ? a : b);
 * }</pre>
 */
public final class LastValueFunc {
    /** The greatest value is the last one (dlt's {@code max}). */
    public static final LastValueFunc MAX = new LastValueFunc("max", CursorOrder.NATURAL);
    /** The smallest value is the last one (dlt's {@code min}). */
    public static final LastValueFunc MIN = new LastValueFunc("min", CursorOrder.NATURAL.reversed());

    private final String name;
    private final Comparator<Object> order;

    private LastValueFunc(String name, Comparator<Object> order) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a last value function needs a non-blank name, got '" + name + "'");
        }
        this.name = name;
        this.order = order;
    }

    /**
     * A custom function whose last value is the greatest in {@code order}. The comparator receives
     * the cursor values as found in the rows (and the initial, end and stored values).
     */
    public static LastValueFunc comparing(String name, Comparator<Object> order) {
        return new LastValueFunc(name, Objects.requireNonNull(order, "order"));
    }

    /**
     * A custom function given as dlt gives one: {@code pick} returns whichever of its two arguments
     * is the later (it must return one of them and be consistent, as {@code max} is).
     */
    public static LastValueFunc of(String name, BinaryOperator<Object> pick) {
        Objects.requireNonNull(pick, "pick");
        return new LastValueFunc(name, (a, b) -> {
            if (Objects.equals(a, b)) {
                return 0;
            }
            Object later = pick.apply(a, b);
            if (Objects.equals(later, a) == Objects.equals(later, b)) {
                throw new IllegalStateException("last value function " + name + " returned " + later
                        + " for (" + a + ", " + b + "); it must return one of its arguments");
            }
            return Objects.equals(later, a) ? 1 : -1;
        });
    }

    /** The name: {@code max}, {@code min} or the custom function's. */
    public String name() {
        return name;
    }

    /** True for {@link #MAX} and {@link #MIN}, the functions {@link Incremental#lag} works with. */
    public boolean isMinOrMax() {
        return this == MAX || this == MIN;
    }

    /**
     * Compares two non-null cursor values: positive when {@code a} is later than {@code b}, zero when
     * they are the same cursor value.
     *
     * @throws IllegalArgumentException when the two values cannot be compared, naming both values
     *     and their types
     */
    public int compare(Object a, Object b) {
        return order.compare(Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b"));
    }

    /** The later of two non-null cursor values ({@code a} when they are equal). */
    public Object later(Object a, Object b) {
        return compare(a, b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return name;
    }
}
