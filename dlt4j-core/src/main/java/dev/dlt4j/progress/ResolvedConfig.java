package dev.dlt4j.progress;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Config values that differ from their defaults, as {@code section.snake_case_key = value}, for the trace. */
public final class ResolvedConfig {
    private ResolvedConfig() {
    }

    /** Compares two config records component by component. */
    public static Map<String, String> differences(String section, Record defaults, Record actual) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!defaults.getClass().equals(actual.getClass())) {
            throw new IllegalArgumentException("cannot compare " + defaults.getClass() + " with " + actual.getClass());
        }
        for (RecordComponent c : actual.getClass().getRecordComponents()) {
            try {
                Object d = c.getAccessor().invoke(defaults);
                Object a = c.getAccessor().invoke(actual);
                if (!Objects.equals(d, a)) {
                    out.put(section + "." + snake(c.getName()), String.valueOf(a));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read config field " + c.getName(), e);
            }
        }
        return out;
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
