package dev.dlt4j.source.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Picks a page's items out of a response body: an explicit {@code data_selector}, or dlt's detection
 * ({@code find_response_page_data}): the body when it is a list, else the least nested list under
 * a record-like key ({@code data}, {@code items}, {@code results}, ...), at most two levels deep.
 */
final class DataSelector {
    private static final Set<String> RECORD_KEYS = Set.of("data", "items", "results", "entries", "records", "rows",
            "entities", "payload", "content", "objects", "values");
    private static final Set<String> NON_RECORD_KEYS = Set.of("meta", "metadata", "pagination", "links", "extras",
            "headers");

    private DataSelector() {
    }

    /**
     * The items {@code selector} finds, as dlt's {@code extract_response}: one list found is the page,
     * one other value a page of one, a JSON null an empty page.
     *
     * @throws RestApiException when the selector finds nothing: the body's keys are named
     */
    static List<Object> select(JsonPath selector, Object json, Supplier<String> where) {
        List<Object> found = selector.find(json);
        if (found.isEmpty()) {
            String keys = json instanceof Map<?, ?> m ? "its keys are " + m.keySet()
                    + DidYouMean.suggest(lastName(selector), m.keySet().stream().map(String::valueOf).toList())
                    : "it is " + Settings.describe(json).replaceAll(" .*", "");
            throw new RestApiException("data_selector '" + selector + "' finds nothing in " + where.get() + ": " + keys);
        }
        Object data = found.size() == 1 ? found.get(0) : found;
        if (data == null) {
            return List.of();
        }
        if (data instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        List<Object> one = new ArrayList<>(1);
        one.add(data);
        return one;
    }

    private static String lastName(JsonPath p) {
        String s = p.toString();
        int i = Math.max(s.lastIndexOf('.'), s.lastIndexOf('['));
        return s.substring(i + 1).replaceAll("[\\]'\"]", "");
    }

    /** dlt's detection; {@code $} when nothing better is found. */
    static JsonPath detect(Object json) {
        if (!(json instanceof Map<?, ?>)) {
            return JsonPath.compile("$");
        }
        List<String> lists = new ArrayList<>();
        findLists(json, "", 0, lists);
        if (lists.isEmpty()) {
            return JsonPath.compile("$");
        }
        for (String path : lists) {
            String last = path.substring(path.lastIndexOf('.') + 1);
            if (RECORD_KEYS.contains(last) && !NON_RECORD_KEYS.contains(last)) {
                return JsonPath.compile(path);
            }
        }
        return JsonPath.compile(lists.get(0));
    }

    /** dlt's {@code find_all_lists}: lists by nesting level, at most two levels of objects down. */
    private static void findLists(Object node, String path, int depth, List<String> out) {
        if (depth > 2 || !(node instanceof Map<?, ?> m)) {
            return;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String p = Settings.join(path, String.valueOf(e.getKey()));
            if (e.getValue() instanceof List<?>) {
                out.add(p);
            } else if (e.getValue() instanceof Map<?, ?>) {
                findLists(e.getValue(), p, depth + 1, out);
            }
        }
    }
}
