package dev.dlt4j.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Environment variables: section path and key joined with {@code __}, upper-cased, as dlt names them. */
final class EnvProvider implements ConfigProvider {
    private final Map<String, String> env;

    EnvProvider(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    static String variable(List<String> sections, String key) {
        List<String> parts = new ArrayList<>();
        for (String s : sections) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        parts.add(key);
        return String.join("__", parts).toUpperCase(Locale.ROOT);
    }

    @Override
    public Optional<Found> find(List<String> sections, String key) {
        String name = variable(sections, key);
        String v = env.get(name);
        return v == null ? Optional.empty()
                : Optional.of(new Found(sections, key, v, v, ConfigOrigin.env(name, key)));
    }

    @Override
    public List<Found> entries() {
        List<Found> out = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            List<String> parts = new ArrayList<>();
            for (String p : e.getKey().split("__")) {
                if (!p.isEmpty()) {
                    parts.add(p.toLowerCase(Locale.ROOT));
                }
            }
            if (parts.isEmpty()) {
                continue;
            }
            String key = parts.remove(parts.size() - 1);
            out.add(new Found(List.copyOf(parts), key, e.getValue(), e.getValue(),
                    ConfigOrigin.env(e.getKey(), key)));
        }
        return out;
    }
}
