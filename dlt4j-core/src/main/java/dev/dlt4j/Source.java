package dev.dlt4j;

import dev.dlt4j.spi.SafePaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named group of resources that share one schema and one config section
 * ({@code [sources.<name>]}). The source name is the schema name.
 */
public final class Source {
    private final String name;
    private final List<Resource> resources;
    private final SchemaContract schemaContract; // null: none set on the source
    private final boolean rootKey;

    private Source(String name, List<Resource> resources) {
        this(name, resources, null, false);
    }

    private Source(String name, List<Resource> resources, SchemaContract schemaContract, boolean rootKey) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a source needs a non-blank name");
        }
        SafePaths.segment(name, ".schema.json", "source name"); // it names the schema file
        Set<String> seen = new HashSet<>();
        for (Resource r : resources) {
            if (!seen.add(r.name())) {
                throw new IllegalArgumentException("source " + name + " has two resources named " + r.name()
                        + "; resource names must be unique within a source");
            }
        }
        this.name = name;
        this.resources = List.copyOf(resources);
        this.schemaContract = schemaContract;
        this.rootKey = rootKey;
    }

    public static Source of(String name, Resource... resources) {
        return new Source(name, List.of(resources));
    }

    public static Source of(String name, List<Resource> resources) {
        return new Source(name, new ArrayList<>(Objects.requireNonNull(resources, "resources")));
    }

    /**
     * The schema contract of every resource of this source that sets none of its own (a resource's
     * contract wins); {@link #resources()} returns the resources with it applied.
     */
    public Source schemaContract(SchemaContract contract) {
        Objects.requireNonNull(contract, "contract");
        List<Resource> applied = new ArrayList<>();
        for (Resource r : resources) {
            applied.add(r.schemaContract().isPresent() && !isSourceContract(r) ? r : r.schemaContract(contract));
        }
        return new Source(name, applied, contract, rootKey);
    }

    /**
     * With {@code true}, the nested rows of every table of this source carry {@code _dlt_root_id} (the
     * root row's {@code _dlt_id}), whatever the write disposition, and keep carrying it in later runs (dlt's
     * source argument {@code root_key}): a table can then switch to {@code merge} later and keep its nested
     * rows' keys. Without it (the default) only tables merged by {@code delete-insert}, {@code upsert} or
     * {@code insert-only} propagate it, from their first such load on.
     */
    public Source rootKey(boolean value) {
        return new Source(name, resources, schemaContract, value);
    }

    /** Whether {@link #rootKey(boolean)} asked every table of this source to propagate the root key. */
    public boolean rootKey() {
        return rootKey;
    }

    /** True when the resource's contract is the one a previous {@link #schemaContract} call gave it. */
    private boolean isSourceContract(Resource r) {
        return schemaContract != null && r.schemaContract().orElse(null) == schemaContract;
    }

    public Optional<SchemaContract> schemaContract() {
        return Optional.ofNullable(schemaContract);
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
