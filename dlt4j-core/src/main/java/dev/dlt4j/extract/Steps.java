package dev.dlt4j.extract;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import dev.dlt4j.Resource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Applies a resource's map, filter and flatMap steps to an item; a page is handled row by row, as
 * dlt's steps handle a list. A typed page is a page too: its rows reach the step as maps (column
 * order, nulls included, mutable, as the same rows from a list page would), so a user's step works
 * the same whether its source yields typed pages or maps; a filter keeps the page typed.
 */
final class Steps {
    private Steps() {
    }

    /** The step's output: a new item, a page, an iterator of items (flatMap), or null for nothing. */
    static Object apply(Resource.Step step, Object item) {
        if (item instanceof ColumnPage typed) {
            if (step instanceof Resource.FilterStep f) {
                return filter(typed, f);
            }
            item = rows(typed);
        }
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

    private static Object filter(ColumnPage page, Resource.FilterStep f) {
        int[] kept = new int[page.rowCount()];
        int n = 0;
        List<Map<String, Object>> rows = rows(page);
        for (int r = 0; r < rows.size(); r++) {
            if (f.predicate().test(rows.get(r))) {
                kept[n++] = r;
            }
        }
        if (n == 0) {
            return page.rowCount() == 0 ? page : null;
        }
        return n == page.rowCount() ? page : PageRow.select(page, kept, n);
    }

    /** The page's rows as maps of column name to value, in column order. */
    static List<Map<String, Object>> rows(ColumnPage page) {
        List<Column> columns = page.columns();
        List<Map<String, Object>> out = new ArrayList<>(page.rowCount());
        for (int r = 0; r < page.rowCount(); r++) {
            Map<String, Object> row = new LinkedHashMap<>(columns.size() * 2);
            for (int c = 0; c < columns.size(); c++) {
                row.put(columns.get(c).name(), page.get(c, r));
            }
            out.add(row);
        }
        return out;
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
