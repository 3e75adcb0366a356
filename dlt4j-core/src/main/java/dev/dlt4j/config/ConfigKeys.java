package dev.dlt4j.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every config key on the class path: the keys of each {@link ConfigDeclarations} that
 * {@link ServiceLoader} finds, core's first, then the other modules by name. Found once, on first
 * use (the class path does not change); thread-safe.
 */
public final class ConfigKeys {
    private static volatile Registry registry;

    private ConfigKeys() {
    }

    /** Every declared key, core's first, then by module name, each module's in its own order. */
    public static List<ConfigKey<?>> all() {
        return registry().keys;
    }

    /** The module that declared the key ({@code core}, {@code duckdb}, ...), or {@code ?} for an undeclared one. */
    public static String module(ConfigKey<?> key) {
        return registry().modules.getOrDefault(key, "?");
    }

    /**
     * The configuration table of the README and {@code docs/configuration.md}: one Markdown row per
     * key with its section, name, default, what is allowed and its description.
     */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| module | section | key | default | allowed | description |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (ConfigKey<?> k : all()) {
            String section = k.section().isEmpty() ? "(top level)" : "`" + k.section() + "`";
            String description = k.description() + k.alias().map(a -> " Also accepted as `" + a + "`.").orElse("");
            sb.append("| ").append(module(k)).append(" | ").append(section).append(" | `").append(k.name())
                    .append("` | `").append(k.defaultText()).append("` | ").append(cell(k.allowed())).append(" | ")
                    .append(cell(description)).append(" |\n");
        }
        return sb.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static Registry registry() {
        Registry r = registry;
        if (r == null) {
            synchronized (ConfigKeys.class) {
                r = registry;
                if (r == null) {
                    r = load();
                    registry = r;
                }
            }
        }
        return r;
    }

    private record Registry(List<ConfigKey<?>> keys, Map<ConfigKey<?>, String> modules) {
    }

    private static Registry load() {
        List<ConfigDeclarations> found = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (ConfigDeclarations d : ServiceLoader.load(ConfigDeclarations.class,
                loader != null ? loader : ConfigKeys.class.getClassLoader())) {
            found.add(d);
        }
        if (found.stream().noneMatch(d -> d instanceof CoreConfigDeclarations)) {
            found.add(new CoreConfigDeclarations()); // e.g. a class loader that does not see core's services file
        }
        found.sort(Comparator.comparing((ConfigDeclarations d) -> !d.module().equals("core"))
                .thenComparing(ConfigDeclarations::module));
        List<ConfigKey<?>> keys = new ArrayList<>();
        Map<ConfigKey<?>, String> modules = new IdentityHashMap<>();
        Map<String, String> byPath = new LinkedHashMap<>();
        for (ConfigDeclarations d : found) {
            for (ConfigKey<?> k : d.keys()) {
                String earlier = byPath.putIfAbsent(k.toString(), d.module());
                if (earlier != null) {
                    if (modules.containsKey(k)) {
                        continue; // the same declarations found twice (e.g. through two class loaders)
                    }
                    throw new IllegalStateException("config key " + k + " is declared by module " + earlier
                            + " and again by module " + d.module() + " (" + d.getClass().getName() + "); a key is"
                            + " declared once");
                }
                keys.add(k);
                modules.put(k, d.module());
            }
        }
        return new Registry(List.copyOf(keys), modules);
    }
}
