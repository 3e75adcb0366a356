package dev.dlt4j.config;

import java.util.List;

/**
 * The config keys one module declares. A module (core, a destination, a source) implements it in a
 * public class with a public no-argument constructor and registers that class in
 * {@code META-INF/services/dev.dlt4j.config.ConfigDeclarations}; {@link ConfigKeys#all()} finds it
 * with {@link java.util.ServiceLoader}. Its keys are then validated by every {@link ConfigResolver}
 * (a bad value fails the pipeline's build; an unknown key in their section gets a did-you-mean
 * warning), listed by {@code dlt4j config show} and in the README's configuration table.
 */
public interface ConfigDeclarations {

    /** The module's short name as {@code config show} prints it, e.g. {@code core} or {@code duckdb}. */
    String module();

    /** The module's keys, in the order the documentation lists them. */
    List<ConfigKey<?>> keys();
}
