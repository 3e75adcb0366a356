package dev.dlt4j.config;

import java.util.List;

/** Core's own keys (the constants of {@link ConfigKey}), registered like every other module's. */
public final class CoreConfigDeclarations implements ConfigDeclarations {

    @Override
    public String module() {
        return "core";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return ConfigKey.CORE;
    }
}
