package dev.dlt4j;

/** The order in which the pipe iterator takes items from its resources. */
public enum NextItemMode {
    /** Resources one after the other in declaration order; newest spawned iterator first. */
    FIFO("fifo"),
    /** One item from each active resource in turn. */
    ROUND_ROBIN("round_robin");

    private final String configName;

    NextItemMode(String configName) {
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
