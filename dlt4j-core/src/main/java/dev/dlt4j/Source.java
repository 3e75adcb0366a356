package dev.dlt4j;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named group of resources that share one schema and one config section
 * ({@code [sources.<name>]}). The source name is the schema name.
 */
public final class Source {
    private final String name;
    private final List<Resource> resources;

    private Source(String name, List<Resource> resources) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a source needs a non-blank name");
        }
        Set<String> seen = new HashSet<>();
        for (Resource r : resources) {
            if (!seen.add(r.name())) {
                throw new IllegalArgumentException("source " + name + " has two resources named " + r.name()
                        + "; resource names must be unique within a source");
            }
        }
        this.name = name;
        this.resources = List.copyOf(resources);
    }

    public static Source of(String name, Resource... resources) {
        return new Source(name, List.of(resources));
    }

    public static Source of(String name, List<Resource> resources) {
        return new Source(name, new ArrayList<>(Objects.requireNonNull(resources, "resources")));
    }

    public String name() {
        return name;
    }

    public List<Resource> resources() {
        return resources;
    }

    @Override
    public String toString() {
        return "source " + name + " " + resources.stream().map(Resource::name).toList();
    }
}
