package dev.dlt4j.config;

import java.util.List;

/** Keys of a module other than core, as a destination module declares them (registered in the test tree). */
public final class TestModuleKeys implements ConfigDeclarations {
    static final ConfigKey<String> MODE = ConfigKey.define("destination.testdest", "mode").choice("fast", "safe")
            .defaultValue("fast").description("How the test destination writes.").build();
    static final ConfigKey<Integer> LIMIT = ConfigKey.define("destination.testdest", "limit").integerAtLeast(1)
            .description("A limit without a default.").build();
    static final ConfigKey<String> TOKEN = ConfigKey.define("destination.testdest", "token")
            .matching("tok_[a-z0-9]+", "a token such as tok_abc").secret().description("A secret.").build();

    @Override
    public String module() {
        return "testmodule";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(MODE, LIMIT, TOKEN);
    }
}
