package dev.dlt4j;

import java.util.Objects;

/**
 * How a {@code merge} table takes new rows: the strategy and, for {@code scd2}, its options (the
 * strategy part of dlt's {@code write_disposition={"disposition": "merge", "strategy": …, …}}).
 *
 * @param strategy the merge strategy
 * @param scd2 the options of strategy scd2, used only with it; {@link Scd2#DEFAULT} unless set
 */
public record MergeHints(MergeStrategy strategy, Scd2 scd2) {
    /** delete-insert, dlt's default strategy. */
    public static final MergeHints DEFAULT = new MergeHints(MergeStrategy.DELETE_INSERT, Scd2.DEFAULT);

    public MergeHints {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(scd2, "scd2");
    }
}
