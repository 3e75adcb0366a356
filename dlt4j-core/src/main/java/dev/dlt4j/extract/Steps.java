package dev.dlt4j.extract;

import dev.dlt4j.Resource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** Applies a resource's map, filter and flatMap steps to an item; a page is handled row by row. */
final class Steps {
    private Steps() {
    }

    /** The step's output: a new item, a page, an iterator of items (flatMap), or null for nothing. */
    static Object apply(Resource.Step step, Object item) {
        if (step instanceof Resource.MapStep m) {
            if (item instanceof List<?> page) {
                List<Object> out = new ArrayList<>(page.size());
                for (Object row : page) {
                    Object mapped = m.mapper().apply(row);
                    if (mapped != null) {
                        out.add(mapped);
                    }
                }
                return out;
            }
            return m.mapper().apply(item);
        }
        if (step instanceof Resource.FilterStep f) {
            if (item instanceof List<?> page) {
                if (page.isEmpty()) {
                    return page;
                }
                List<Object> out = new ArrayList<>(page.size());
                for (Object row : page) {
                    if (f.predicate().test(row)) {
                        out.add(row);
                    }
                }
                return out.isEmpty() ? null : out;
            }
            return f.predicate().test(item) ? item : null;
        }
        Resource.FlatMapStep fm = (Resource.FlatMapStep) step;
        if (item instanceof List<?> page) {
            Iterator<?> rows = page.iterator();
            return new Iterator<Object>() {
                private Iterator<?> inner = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!inner.hasNext() && rows.hasNext()) {
                        inner = expand(fm.mapper().apply(rows.next()));
                    }
                    return inner.hasNext();
                }

                @Override
                public Object next() {
                    hasNext();
                    return inner.next();
                }
            };
        }
        return expand(fm.mapper().apply(item));
    }

    private static Iterator<?> expand(Object out) {
        if (out == null) {
            return Collections.emptyIterator();
        }
        if (out instanceof Iterator<?> it) {
            return it;
        }
        if (out instanceof Stream<?> s) {
            return s.iterator();
        }
        if (out instanceof Iterable<?> it && !(out instanceof com.fasterxml.jackson.databind.JsonNode)) {
            return it.iterator();
        }
        return List.of(out).iterator();
    }
}
