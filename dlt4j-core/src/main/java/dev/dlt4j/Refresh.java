package dev.dlt4j;

/**
 * dlt's {@code refresh}: resets sources before a run loads new data, for the source the run
 * extracts. Given to {@link Pipeline#run(Source, Refresh)}, to {@link Pipeline.Builder#refresh}
 * (every run of that pipeline object), or as the config key {@code refresh}. The reset travels
 * with the run's load package: the tables are dropped or emptied at the destination, and the
 * state reset, when that package loads, never before. A source extracted for the first time (no
 * schema yet) has nothing to reset.
 */
public enum Refresh {
    /**
     * {@code drop_sources}: drops every table of the source's schema at the destination, starts
     * the schema anew and wipes the source's whole state (its own keys and every resource's);
     * the stored versions of the schema are deleted.
     */
    DROP_SOURCES("drop_sources"),
    /**
     * {@code drop_resources}: drops the tables of the resources this run extracts (with their
     * nested tables), removes them from the schema and resets those resources' state; the
     * source's own state stays; the stored versions of the schema are deleted.
     */
    DROP_RESOURCES("drop_resources"),
    /**
     * {@code drop_data}: empties the tables of the resources this run extracts and resets those
     * resources' state; the schema stays as it is.
     */
    DROP_DATA("drop_data");

    private final String dltName;

    Refresh(String dltName) {
        this.dltName = dltName;
    }

    /** dlt's name: {@code drop_sources}, {@code drop_resources} or {@code drop_data}. */
    public String dltName() {
        return dltName;
    }

    /**
     * The mode with this dlt name (any case).
     *
     * @throws IllegalArgumentException for any other name, listing the allowed ones
     */
    public static Refresh fromDltName(String name) {
        for (Refresh r : values()) {
            if (r.dltName.equalsIgnoreCase(name.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown refresh mode '" + name
                + "'; allowed: drop_sources, drop_resources, drop_data");
    }

    @Override
    public String toString() {
        return dltName;
    }
}
