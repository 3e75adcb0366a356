package dev.dlt4j.source.rest;

import dev.dlt4j.Resource;
import dev.dlt4j.ResourceContext;
import dev.dlt4j.Source;
import dev.dlt4j.Transformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Builds the dlt4j {@link Source} of a {@link SourceSpec}: a resource per endpoint without parent,
 * opened anew each run with its context, and a {@link Transformer} per child, called with each page
 * of its parent. A child requests its endpoint once per parent item, with the parent's fields in
 * its placeholders; {@code parallelized} children hand each parent item to the extract worker pool
 * as a deferred item that gathers that item's child pages (dlt's behaviour, bounded by
 * {@code [extract] workers} and {@code max_parallel_items}).
 */
final class RestResources {
    private final SourceSpec spec;
    private final RestClient client;

    RestResources(SourceSpec spec, RestClient client) {
        this.spec = spec;
        this.client = client;
    }

    Source source() {
        Map<String, ResourceSpec> byName = new LinkedHashMap<>();
        spec.resources().forEach(r -> byName.put(r.name(), r));
        Map<String, Resource> built = new LinkedHashMap<>();
        for (ResourceSpec r : spec.resources()) {
            build(r, byName, built);
        }
        List<Resource> selected = new ArrayList<>();
        for (ResourceSpec r : spec.resources()) {
            if (r.selected()) {
                selected.add(built.get(r.name()));
            }
        }
        if (selected.isEmpty()) {
            throw Settings.error("resources", "every resource has selected = false: nothing would be loaded");
        }
        return Source.of(spec.name(), selected);
    }

    private Resource build(ResourceSpec r, Map<String, ResourceSpec> byName, Map<String, Resource> built) {
        Resource done = built.get(r.name());
        if (done != null) {
            return done;
        }
        Resource res;
        if (r.parent().isEmpty()) {
            res = Resource.of(r.name(), ctx -> topLevelPages(r, ctx));
        } else {
            Resource parent = build(byName.get(r.parent().get().resource()), byName, built);
            res = Transformer.from(r.name(), parent, page -> childPages(r, page));
        }
        res = hints(r, res);
        built.put(r.name(), res);
        return res;
    }

    private static Resource hints(ResourceSpec r, Resource res) {
        if (r.tableName().isPresent()) {
            res = res.tableName(r.tableName().get());
        }
        if (!r.primaryKey().isEmpty()) {
            res = res.primaryKey(r.primaryKey().toArray(String[]::new));
        }
        if (!r.mergeKey().isEmpty()) {
            res = res.mergeKey(r.mergeKey().toArray(String[]::new));
        }
        if (r.writeDisposition().isPresent()) {
            res = res.writeDisposition(r.writeDisposition().get());
        }
        if (r.mergeStrategy().isPresent()) {
            res = res.merge(r.mergeStrategy().get());
        }
        if (r.maxTableNesting().isPresent()) {
            res = res.maxTableNesting(r.maxTableNesting().get());
        }
        for (ResourceSpec.Step s : r.steps()) {
            if (s instanceof ResourceSpec.Filter f) {
                res = res.filter(f.predicate());
            } else if (s instanceof ResourceSpec.MapStep m) {
                res = res.map(m.mapper());
            }
        }
        return res;
    }

    /** Every row of the resource {@code name} (without parent), read in one request sequence: for checks and tests. */
    List<Object> rows(String name) {
        ResourceSpec r = spec.resources().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        List<Object> out = new ArrayList<>();
        Iterator<List<Object>> it = pages(r, r.endpoint(), field -> {
            throw new IllegalStateException("no value for placeholder {" + field + "}");
        }, Map.of());
        it.forEachRemaining(out::addAll);
        return out;
    }

    /** The pages of a resource without parent, for one run. */
    private Iterator<List<Object>> topLevelPages(ResourceSpec r, ResourceContext ctx) {
        EndpointSpec e = r.endpoint();
        Function<String, Object> values = field -> {
            throw new IllegalStateException("no value for placeholder {" + field + "}");
        };
        return pages(r, e, values, Map.of());
    }

    /** The pages of one request sequence of {@code e}, placeholders expanded with {@code values}. */
    @SuppressWarnings("unchecked")
    Iterator<List<Object>> pages(ResourceSpec r, EndpointSpec e, Function<String, Object> values,
            Map<String, Object> extraParams) {
        String path = Placeholders.expand(e.path(), values);
        Map<String, Object> params = (Map<String, Object>) Placeholders.expandTree(e.params(), values, false);
        params.putAll(extraParams);
        Map<String, String> headers = new LinkedHashMap<>();
        ((Map<String, Object>) Placeholders.expandTree(e.headers(), values, false))
                .forEach((k, v) -> headers.put(k, Placeholders.asText(v)));
        Map<String, Object> json = e.json().map(j -> (Map<String, Object>) Placeholders.expandTree(j, values, true))
                .orElse(null);
        PageRequest request = client.request(e.method(), path, params, headers, json);
        return client.paginate(request, e.paginator(), e.dataSelector(), e.auth(), r.name());
    }

    /** What a child yields for one page (or row) of its parent. */
    private Object childPages(ResourceSpec r, Object parentItem) {
        List<?> items = parentItem instanceof List<?> l ? l : List.of(parentItem);
        if (r.parallelized()) {
            List<Callable<List<Object>>> deferred = new ArrayList<>(items.size());
            for (Object item : items) {
                deferred.add(() -> {
                    List<Object> all = new ArrayList<>();
                    Iterator<List<Object>> it = childPagesOf(r, item);
                    while (it.hasNext()) {
                        all.addAll(it.next());
                    }
                    return all;
                });
            }
            return deferred.iterator();
        }
        Iterator<?> parents = items.iterator();
        return new Iterator<List<Object>>() {
            private Iterator<List<Object>> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && parents.hasNext()) {
                    current = childPagesOf(r, parents.next());
                }
                return current.hasNext();
            }

            @Override
            public List<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** The child pages of one parent item, each row carrying the parent's {@code include_from_parent} fields. */
    private Iterator<List<Object>> childPagesOf(ResourceSpec r, Object item) {
        ParentRef ref = r.parent().orElseThrow();
        if (!(item instanceof Map<?, ?> parent)) {
            throw new RestApiException("resource " + r.name() + " reads fields of its parent " + ref.resource()
                    + ", whose item is " + Settings.describe(item) + ", not an object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParentRef.Field f : ref.fields()) {
            List<Object> found = f.path().find(parent);
            if (found.isEmpty()) {
                throw missingField(r, ref, f.field(), parent, "placeholder {" + f.expression() + "}");
            }
            values.put(f.expression(), found.get(0));
        }
        Map<String, Object> fromParent = new LinkedHashMap<>();
        for (String k : r.includeFromParent()) {
            if (!parent.containsKey(k)) {
                throw missingField(r, ref, k, parent, "include_from_parent");
            }
            fromParent.put("_" + ref.resource() + "_" + k, parent.get(k));
        }
        Iterator<List<Object>> pages = pages(r, r.endpoint(), values::get, Map.of());
        if (fromParent.isEmpty()) {
            return pages;
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pages.hasNext();
            }

            @Override
            @SuppressWarnings("unchecked")
            public List<Object> next() {
                List<Object> page = pages.next();
                for (Object row : page) {
                    if (row instanceof Map<?, ?> m) {
                        ((Map<String, Object>) m).putAll(fromParent);
                    }
                }
                return page;
            }
        };
    }

    private static RestApiException missingField(ResourceSpec r, ParentRef ref, String field, Map<?, ?> parent,
            String usedBy) {
        List<String> keys = parent.keySet().stream().map(String::valueOf).toList();
        return new RestApiException("resource " + r.name() + " (" + r.settingsPath() + ") needs field '" + field
                + "' of its parent " + ref.resource() + " for " + usedBy + ", but the parent's item has no such"
                + " field" + DidYouMean.suggest(field, keys) + "; its fields are " + keys);
    }

    /** Lines of {@code --dry-run}: per resource its request, pagination and load hints. */
    List<String> plan() {
        List<String> out = new ArrayList<>();
        spec.baseUrl().ifPresent(u -> out.add("base_url " + client.secrets().mask(u)));
        for (String h : client.describeHeaders()) {
            out.add("header " + h);
        }
        for (ResourceSpec r : spec.resources()) {
            EndpointSpec e = r.endpoint();
            StringBuilder sb = new StringBuilder("resource ").append(r.name());
            if (!r.selected()) {
                sb.append(" (not selected: feeds its children only)");
            }
            sb.append(": ").append(e.method()).append(' ').append(client.secrets().mask(
                    PageRequest.join(spec.baseUrl(), e.path())));
            if (!e.params().isEmpty()) {
                sb.append(" params ").append(client.secrets().mask(String.valueOf(e.params())));
            }
            e.json().ifPresent(j -> sb.append(" json ").append(client.secrets().mask(String.valueOf(j))));
            out.add(sb.toString());
            out.add("    paginator " + e.paginator().describe() + "; data_selector "
                    + e.dataSelector().map(String::valueOf).orElse("detected"));
            e.auth().ifPresent(a -> out.add("    auth " + a.describe()));
            r.parent().ifPresent(p -> out.add("    child of " + p.resource() + " (once per " + p.resource() + " item"
                    + (r.parallelized() ? ", parallelized" : "") + ")" + (r.includeFromParent().isEmpty() ? ""
                    : "; include_from_parent " + r.includeFromParent())));
            e.incremental().ifPresent(i -> out.add("    " + i.describe()));
            out.add("    table " + r.tableName().orElse(r.name()) + ", write_disposition "
                    + r.writeDisposition().map(w -> w.dltName()).orElse("append")
                    + (r.primaryKey().isEmpty() ? "" : ", primary_key " + r.primaryKey()));
        }
        return out;
    }
}
