package dev.dlt4j.source.rest;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The paginator of one request sequence, as dlt's {@code BasePaginator}: {@link #initRequest} before
 * the first request, then after each response {@link #updateState} (from the response and the page's
 * data) and {@link #updateRequest} (the next request), until {@link #hasNextPage} is false.
 *
 * <p>Stop conditions are explicit. Besides dlt's ({@code stop_after_empty_page}, {@code total_path},
 * {@code maximum_offset}/{@code maximum_page}, {@code has_more_path}, a missing next reference), a
 * next reference that is malformed (not a URL or a text/number cursor) or the same as the one just
 * followed stops the sequence, with the reason in {@link #stopNote}, instead of paging forever.
 * Confined to one thread.
 */
abstract sealed class PaginatorState {
    private static final Pattern TOTAL_PAGES = Pattern.compile("^(total_pages|pages|totalpages)$");

    boolean hasNextPage = true;
    /** Why the sequence stopped early, for a warning; empty when it ended normally. */
    Optional<String> stopNote = Optional.empty();

    void initRequest(PageRequest request) {
        hasNextPage = true;
    }

    abstract void updateState(HttpResult response, List<Object> data);

    abstract void updateRequest(PageRequest request);

    abstract String describe();

    final void stop(String note) {
        hasNextPage = false;
        stopNote = Optional.of(note);
    }

    /** Next-URL paginators: the next request is the URL the response named, without the first request's params. */
    abstract static sealed class NextUrl extends PaginatorState {
        String next;
        String current;

        final void follow(HttpResult response, Object value, String from) {
            current = response.uri.toString();
            next = null;
            if (value == null) {
                hasNextPage = false;
                return;
            }
            if (!(value instanceof String s) || s.isBlank()) {
                stop("the next page link at " + from + " is not a URL (" + Settings.describe(value) + "): pagination stopped");
                return;
            }
            URI resolved;
            try {
                // percent-encodes what a URL may not hold unescaped (a |, a space), as requests does with a link
                resolved = response.uri.resolve(URI.create(PageRequest.quoteUnsafe(s.trim())));
            } catch (IllegalArgumentException e) {
                stop("the next page link '" + s + "' at " + from + " is not a valid URL: pagination stopped");
                return;
            }
            String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || resolved.getHost() == null) {
                stop("the next page link '" + s + "' at " + from + " is not an http(s) URL: pagination stopped");
                return;
            }
            if (resolved.toString().equals(current)) {
                stop("the next page link at " + from + " points to the page just read (" + current
                        + "): pagination stopped");
                return;
            }
            next = resolved.toString();
            hasNextPage = true;
        }

        @Override
        final void updateRequest(PageRequest request) {
            if (next != null) {
                request.url = next;
                request.params = new java.util.LinkedHashMap<>();
            }
        }
    }

    static final class JsonLink extends NextUrl {
        private final PaginatorSpec.JsonLink spec;

        JsonLink(PaginatorSpec.JsonLink spec) {
            this.spec = spec;
        }

        @Override
        void updateState(HttpResult response, List<Object> data) {
            follow(response, spec.nextUrlPath().first(response.json()).orElse(null), "'" + spec.nextUrlPath() + "'");
        }

        @Override
        String describe() {
            return spec.describe();
        }
    }

    static final class HeaderLink extends NextUrl {
        private final PaginatorSpec.HeaderLink spec;

        HeaderLink(PaginatorSpec.HeaderLink spec) {
            this.spec = spec;
        }

        @Override
        void updateState(HttpResult response, List<Object> data) {
            follow(response, response.links().get(spec.linksNextKey()), "Link rel=\"" + spec.linksNextKey() + "\"");
        }

        @Override
        String describe() {
            return spec.describe();
        }
    }

    /** Cursor paginators: the next request carries the cursor the response gave. */
    abstract static sealed class Reference extends PaginatorState {
        Object cursor;

        /** Takes {@code value} as the next cursor; false when it is missing or malformed (the sequence stops). */
        final boolean take(Object value, String from) {
            if (value == null || value instanceof String s && s.isEmpty()
                    || value instanceof Number n && n.doubleValue() == 0 || Boolean.FALSE.equals(value)) {
                cursor = null;
                hasNextPage = false; // dlt: a falsy cursor ends pagination
                return false;
            }
            if (!(value instanceof String) && !(value instanceof Number)) {
                cursor = null;
                stop("the cursor at " + from + " is " + Settings.describe(value) + ", not a text or number: pagination"
                        + " stopped");
                return false;
            }
            if (value.equals(cursor)) {
                stop("the cursor at " + from + " is the one just sent (" + value + "): pagination stopped");
                return false;
            }
            cursor = value;
            hasNextPage = true;
            return true;
        }
    }

    static final class HeaderCursor extends Reference {
        private final PaginatorSpec.HeaderCursor spec;

        HeaderCursor(PaginatorSpec.HeaderCursor spec) {
            this.spec = spec;
        }

        @Override
        void updateState(HttpResult response, List<Object> data) {
            take(response.header(spec.cursorKey()).orElse(null), "header " + spec.cursorKey());
        }

        @Override
        void updateRequest(PageRequest request) {
            if (cursor != null) {
                request.params.put(spec.cursorParam(), cursor);
            }
        }

        @Override
        String describe() {
            return spec.describe();
        }
    }

    static final class Cursor extends Reference {
        private final PaginatorSpec.Cursor spec;

        Cursor(PaginatorSpec.Cursor spec) {
            this.spec = spec;
        }

        @Override
        void updateState(HttpResult response, List<Object> data) {
            Object json = response.json();
            if (!take(spec.cursorPath().first(json).orElse(null), "'" + spec.cursorPath() + "'")) {
                return;
            }
            if (spec.stopAfterEmptyPage() && data.isEmpty()) {
                hasNextPage = false;
                return;
            }
            if (spec.hasMorePath().isPresent()) {
                hasNextPage = hasMore(spec.hasMorePath().get(), json, "cursor");
            }
        }

        @Override
        void updateRequest(PageRequest request) {
            if (cursor == null) {
                return;
            }
            if (spec.cursorBodyPath().isPresent()) {
                if (request.json == null) {
                    request.json = new java.util.LinkedHashMap<>();
                }
                JsonPath.setAtDottedPath(request.json, spec.cursorBodyPath().get(), cursor);
            } else {
                request.params.put(spec.cursorParam().orElseThrow(), cursor);
            }
        }

        @Override
        String describe() {
            return spec.describe();
        }
    }

    static final class Range extends PaginatorState {
        private final PaginatorSpec.Range spec;
        private long current;

        Range(PaginatorSpec.Range spec) {
            this.spec = spec;
            this.current = spec.initialValue();
        }

        @Override
        void initRequest(PageRequest request) {
            super.initRequest(request);
            current = spec.initialValue();
            updateRequest(request);
        }

        @Override
        void updateState(HttpResult response, List<Object> data) {
            if (spec.stopAfterEmptyPage() && data.isEmpty()) {
                hasNextPage = false;
                return;
            }
            Object json = response.json();
            Optional<Long> total = Optional.empty();
            if (spec.totalPath().isPresent()) {
                Optional<Object> found = spec.totalPath().get().first(json);
                if (found.isEmpty()) {
                    // dlt raises here even when another condition would stop (dlt#4429); dlt4j raises only
                    // when nothing else can stop the paginator
                    if (!spec.stopAfterEmptyPage() && spec.maximumValue().isEmpty() && spec.hasMorePath().isEmpty()) {
                        throw new IllegalStateException("the " + spec.type() + " paginator found no total at '"
                                + spec.totalPath().get() + "' in the response, and nothing else stops it; set"
                                + " total_path to where the API puts the total, or stop_after_empty_page = true");
                    }
                } else {
                    total = Optional.of(integer(found.get(), spec.totalPath().get()));
                }
            }
            current += spec.step();
            if (total.isPresent() && current >= total.get() + spec.baseIndex()
                    || spec.maximumValue().isPresent() && current >= spec.maximumValue().get()) {
                hasNextPage = false;
            }
            if (spec.hasMorePath().isPresent()) {
                hasNextPage = hasMore(spec.hasMorePath().get(), json, spec.type());
            }
        }

        private long integer(Object v, JsonPath path) {
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.longValue();
            }
            if (v instanceof String s && s.trim().matches("-?\\d+")) {
                return Long.parseLong(s.trim());
            }
            throw new IllegalStateException("the total at '" + path + "' is " + Settings.describe(v)
                    + ", not an integer (" + spec.type() + " paginator)");
        }

        @Override
        void updateRequest(PageRequest request) {
            set(request, spec.param(), spec.bodyPath(), current);
            if (spec.limit().isPresent()) {
                set(request, spec.limitParam(), spec.limitBodyPath(), spec.limit().get());
            }
        }

        private static void set(PageRequest request, Optional<String> param, Optional<String> bodyPath, long value) {
            if (bodyPath.isPresent()) {
                if (request.json == null) {
                    request.json = new java.util.LinkedHashMap<>();
                }
                JsonPath.setAtDottedPath(request.json, bodyPath.get(), value);
            } else {
                request.params.put(param.orElseThrow(), value);
            }
        }

        @Override
        String describe() {
            return spec.describe();
        }
    }

    static final class SinglePage extends PaginatorState {
        @Override
        void updateState(HttpResult response, List<Object> data) {
            hasNextPage = false;
        }

        @Override
        void updateRequest(PageRequest request) {
        }

        @Override
        String describe() {
            return "single_page";
        }
    }

    /** dlt's {@code PaginatorFactory}: header link, JSON link, page number, cursor, else single page. */
    static final class Auto extends PaginatorState {
        private PaginatorState detected;

        @Override
        void updateState(HttpResult response, List<Object> data) {
            if (detected == null) {
                detected = detect(response);
            }
            detected.updateState(response, data);
            hasNextPage = detected.hasNextPage;
            stopNote = detected.stopNote;
        }

        @Override
        void updateRequest(PageRequest request) {
            detected.updateRequest(request);
        }

        @Override
        String describe() {
            return detected == null ? "auto" : "auto: " + detected.describe();
        }

        /** The detected paginator (after the first response). */
        Optional<PaginatorState> detected() {
            return Optional.ofNullable(detected);
        }

        static PaginatorState detect(HttpResult response) {
            if (response.links().containsKey("next")) {
                return new HeaderLink(new PaginatorSpec.HeaderLink("next"));
            }
            Object json = response.json();
            Optional<Map.Entry<String, Object>> next = findNext(json, "");
            if (next.isPresent() && next.get().getValue() instanceof String href
                    && (href.startsWith("http") || href.startsWith("/"))) {
                return new JsonLink(new PaginatorSpec.JsonLink(JsonPath.compile(next.get().getKey())));
            }
            Optional<Map.Entry<String, Object>> pages = findTotalPages(json, "");
            if (pages.isPresent() && pages.get().getValue().toString().trim().matches("-?\\d+(\\.0+)?")) {
                return new Range(new PaginatorSpec.Range("page_number", Optional.of("page"), Optional.empty(), 0, 1,
                        0, Optional.empty(), Optional.of(JsonPath.compile(pages.get().getKey())), true, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty()));
            }
            if (next.isPresent()) {
                return new Cursor(new PaginatorSpec.Cursor(JsonPath.compile(next.get().getKey()), Optional.of("cursor"),
                        Optional.empty(), false, Optional.empty()));
            }
            return new SinglePage();
        }

        private static Optional<Map.Entry<String, Object>> findNext(Object json, String path) {
            if (!(json instanceof Map<?, ?> m)) {
                return Optional.empty();
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object value = e.getValue();
                if (key.toLowerCase(Locale.ROOT).startsWith("next")) {
                    if (value instanceof Map<?, ?> inner) {
                        for (Map.Entry<?, ?> ie : inner.entrySet()) {
                            String ik = String.valueOf(ie.getKey()).toLowerCase(Locale.ROOT);
                            if ((ik.startsWith("href") || ik.startsWith("url")) && scalar(ie.getValue())) {
                                return Optional.of(Map.entry(Settings.join(Settings.join(path, key),
                                        String.valueOf(ie.getKey())), ie.getValue()));
                            }
                        }
                    } else if (scalar(value)) {
                        return Optional.of(Map.entry(Settings.join(path, key), value));
                    }
                }
                if (value instanceof Map<?, ?>) {
                    Optional<Map.Entry<String, Object>> r = findNext(value, Settings.join(path, key));
                    if (r.isPresent()) {
                        return r;
                    }
                }
            }
            return Optional.empty();
        }

        private static Optional<Map.Entry<String, Object>> findTotalPages(Object json, String path) {
            if (!(json instanceof Map<?, ?> m)) {
                return Optional.empty();
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (TOTAL_PAGES.matcher(key.toLowerCase(Locale.ROOT)).find() && scalar(e.getValue())) {
                    return Optional.of(Map.entry(Settings.join(path, key), e.getValue()));
                }
                if (e.getValue() instanceof Map<?, ?>) {
                    Optional<Map.Entry<String, Object>> r = findTotalPages(e.getValue(), Settings.join(path, key));
                    if (r.isPresent()) {
                        return r;
                    }
                }
            }
            return Optional.empty();
        }

        private static boolean scalar(Object v) {
            return v instanceof String || v instanceof Number;
        }
    }

    static boolean hasMore(JsonPath path, Object json, String type) {
        Object v = path.first(json).orElseThrow(() -> new IllegalStateException("the " + type + " paginator found no"
                + " value at has_more_path '" + path + "' in the response"));
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (List.of("true", "yes", "y", "t", "1", "on").contains(t)) {
                return true;
            }
            if (List.of("false", "no", "n", "f", "0", "off").contains(t)) {
                return false;
            }
        }
        throw new IllegalStateException("the value at has_more_path '" + path + "' is " + Settings.describe(v)
                + ", not a boolean (" + type + " paginator)");
    }
}
