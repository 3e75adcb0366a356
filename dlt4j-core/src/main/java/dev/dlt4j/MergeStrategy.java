package dev.dlt4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a {@code merge} table takes new rows, named as dlt names the strategies. */
public enum MergeStrategy {
    /** Delete destination rows matching the new rows' primary or merge key, then insert (deduplicated). */
    DELETE_INSERT("delete-insert"),
    /** Update rows whose primary key exists, insert the others; nested rows are replaced per root. */
    UPSERT("upsert"),
    /** Slowly changing dimension type 2: retire changed or missing rows, insert new versions. */
    SCD2("scd2"),
    /** Insert rows whose primary key is new, with their nested rows; never update or delete existing keys. */
    INSERT_ONLY("insert-only");

    private final String dltName;

    MergeStrategy(String dltName) {
        this.dltName = dltName;
    }

    public String dltName() {
        return dltName;
    }

    /**
     * Whether rows are matched by primary key alone (upsert, insert-only): such a strategy needs a
     * primary key, and a root row's {@code _dlt_id} is a hash of its key values (dlt's {@code key_hash}).
     */
    public boolean matchesByPrimaryKey() {
        return this == UPSERT || this == INSERT_ONLY;
    }

    public static MergeStrategy fromDltName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (MergeStrategy s : values()) {
            if (s.dltName.equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown merge strategy '" + name + "'; allowed: "
                + Arrays.stream(values()).map(MergeStrategy::dltName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return dltName;
    }
}
