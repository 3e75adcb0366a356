package dev.dlt4j;

/** How a {@code replace} table is refreshed ({@code [destination] replace_strategy}). */
public enum ReplaceStrategy {
    /** Empty the table chain when the package starts, then load into it (tables are empty meanwhile). */
    TRUNCATE_AND_INSERT("truncate-and-insert"),
    /** Load into the staging dataset, then swap the rows in one transaction (readers never see empty tables). */
    INSERT_FROM_STAGING("insert-from-staging");

    private final String configName;

    ReplaceStrategy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    @Override
    public String toString() {
        return configName;
    }
}
