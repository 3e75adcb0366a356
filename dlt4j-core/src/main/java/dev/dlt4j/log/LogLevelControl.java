package dev.dlt4j.log;

/**
 * Sets the level of dlt4j's loggers in a logging backend. The library logs through the SLF4J API,
 * which cannot set levels, so an application that wants {@code [runtime] log_level} to take effect
 * registers one implementation in {@code META-INF/services/dev.dlt4j.log.LogLevelControl} (the
 * command line does, for Logback). Called when a pipeline is built, on the building thread.
 */
public interface LogLevelControl {
    /**
     * Sets the level of the {@code dev.dlt4j} loggers; {@code level} is one of dlt's names,
     * upper case: {@code CRITICAL}, {@code ERROR}, {@code WARNING}, {@code INFO}, {@code DEBUG}.
     */
    void setLevel(String level);
}
