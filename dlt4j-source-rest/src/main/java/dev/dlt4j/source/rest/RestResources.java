package dev.dlt4j.source.rest;

import dev.dlt4j.Incremental;
import dev.dlt4j.IncrementalCursor;
import dev.dlt4j.LastValueFunc;
import dev.dlt4j.MergeHints;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.OnCursorValueMissing;
import dev.dlt4j.RangeBound;
import dev.dlt4j.Resource;
import dev.dlt4j.RowOrder;
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
import java.util.Optional;
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
            res = r.endpoint().incremental().isPresent()
                    ? Transformer.withContext(r.name(), parent, (page, ctx) -> childPages(r, page, Optional.of(ctx)))
                    : Transformer.from(r.name(), parent, page -> childPages(r, page, Optional.empty()));
        }
        res = hints(r, res);
        if (r.endpoint().incremental().isPresent()) {
            String at = Settings.join(Settings.join(r.settingsPath(), "endpoint"), "incremental");
            try {
                res = res.incremental(incremental(r.endpoint().incremental().get(), at));
            } catch (IllegalArgumentException e) {
                throw Settings.error(at, e.getMessage());
            }
        }
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
        if (r.merge().isPresent()) {
            MergeHints merge = r.merge().get();
            res = merge.strategy() == MergeStrategy.SCD2 ? res.scd2(merge.scd2()) : res.merge(merge.strategy());
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

    /** dlt's {@code Incremental} from the endpoint's settings; dlt4j's {@code lookback} is the incremental's lag. */
    static Incremental incremental(IncrementalSpec s, String at) {
        Incremental inc = Incremental.on(s.cursorPath());
        if (s.initialValue().isPresent()) {
            inc = inc.initial(s.initialValue().get());
        }
        if (s.endValue().isPresent()) {
            inc = inc.end(s.endValue().get());
        }
        if (s.lastValueFunc().isPresent()) {
            inc = inc.lastValueFunc(s.lastValueFunc().get().equals("min") ? LastValueFunc.MIN : LastValueFunc.MAX);
        }
        if (!s.primaryKey().isEmpty()) {
            inc = inc.primaryKey(s.primaryKey().toArray(String[]::new));
        }
        if (s.rowOrder().isPresent()) {
            inc = inc.rowOrder(RowOrder.fromDltName(s.rowOrder().get()));
        }
        if (s.onCursorValueMissing().isPresent()) {
            inc = inc.onCursorValueMissing(OnCursorValueMissing.fromDltName(s.onCursorValueMissing().get()));
        }
        if (s.lag().isPresent() && s.lookback().isPresent()) {
            throw Settings.error(Settings.join(at, "lookback"), "lookback is the lag of the date-window mode: give one");
        }
        if (s.lag().isPresent()) {
            inc = inc.lag(s.lag().get());
        }
        if (s.lookback().isPresent()) {
            inc = inc.lag(s.lookback().get().toMillis() / 1000.0);
        }
        if (s.rangeStart().isPresent()) {
            inc = inc.rangeStart(RangeBound.fromDltName(s.rangeStart().get()));
        }
        if (s.rangeEnd().isPresent()) {
            inc = inc.rangeEnd(RangeBound.fromDltName(s.rangeEnd().get()));
        }
        if (s.perParent().isPresent()) {
            inc = inc.perParent(s.perParent().get());
        }
        return inc;
    }

    /** The pages of a resource without parent, for one run. */
    private Iterator<List<Object>> topLevelPages(ResourceSpec r, ResourceContext ctx) {
        Map<String, Object> values = new LinkedHashMap<>();
        return requests(r, values, Optional.of(ctx));
    }

    /**
     * The pages of one parent item's (or a top-level resource's) requests: with an incremental, its
     * values in the placeholders and params; in the date-window mode, one request sequence per window.
     */
    private Iterator<List<Object>> requests(ResourceSpec r, Map<String, Object> values, Optional<ResourceContext> ctx) {
        EndpointSpec e = r.endpoint();
        Optional<IncrementalCursor> cursor = ctx.flatMap(ResourceContext::incremental);
        if (e.incremental().isEmpty() || cursor.isEmpty()) {
            return pages(r, e, values::get, Map.of());
        }
        IncrementalSpec inc = e.incremental().get();
        IncrementalCursor c = cursor.get();
        values.put("incremental.start_value", c.startValue().orElse(null));
        values.put("incremental.initial_value", c.initialValue().orElse(null));
        values.put("incremental.last_value", c.lastValue().orElse(null));
        values.put("incremental.end_value", c.endValue().orElse(null));
        if (!inc.windowed()) {
            Map<String, Object> extra = new LinkedHashMap<>();
            inc.startParam().ifPresent(p -> extra.put(p, c.startValue().orElse(null)));
            inc.endParam().ifPresent(p -> extra.put(p, c.endValue().orElse(null)));
            return pages(r, e, values::get, extra);
        }
        Object startValue = c.startValue().orElseThrow(() -> new RestApiException("resource " + r.name()
                + ": the date-window mode has no start value (set endpoint.incremental.initial_value)"));
        boolean dateOnly = DateWindows.dateOnly(inc.initialValue().orElse(startValue));
        java.time.Instant end = c.endValue().map(DateWindows::parseInstant).orElseGet(java.time.Instant::now);
        Iterator<DateWindows.Window> windows = DateWindows.between(DateWindows.parseInstant(startValue), end,
                inc.windowSize().orElseThrow()).iterator();
        return new Iterator<>() {
            private Iterator<List<Object>> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && windows.hasNext()) {
                    DateWindows.Window w = windows.next();
                    Map<String, Object> extra = new LinkedHashMap<>();
                    extra.put(inc.startParam().orElseThrow(), DateWindows.format(w.start(), dateOnly));
                    extra.put(inc.endParam().orElseThrow(), DateWindows.format(w.end(), dateOnly));
                    current = pages(r, e, values::get, extra);
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

    /** The pages of one request sequence of {@code e}, placeholders expanded with {@code values}. */
    @SuppressWarnings("unchecked")
    Iterator<List<Object>> pages(ResourceSpec r, EndpointSpec e, Function<String, Object> values,
            Map<String, Object> extraParams) {
        String path = Placeholders.expand(e.path(), values);
        // a param that is one placeholder keeps its value's type, and is left out when that is null (no start value yet)
        Map<String, Object> params = (Map<String, Object>) Placeholders.expandTree(e.params(), values, true);
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
    private Object childPages(ResourceSpec r, Object parentItem, Optional<ResourceContext> ctx) {
        List<?> items = parentItem instanceof List<?> l ? l : List.of(parentItem);
        if (r.parallelized()) {
            List<Callable<List<Object>>> deferred = new ArrayList<>(items.size());
            for (Object item : items) {
                deferred.add(() -> {
                    List<Object> all = new ArrayList<>();
                    Iterator<List<Object>> it = childPagesOf(r, item, ctx);
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
                    current = childPagesOf(r, parents.next(), ctx);
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
    private Iterator<List<Object>> childPagesOf(ResourceSpec r, Object item, Optional<ResourceContext> ctx) {
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
        Iterator<List<Object>> pages = requests(r, values, ctx);
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
