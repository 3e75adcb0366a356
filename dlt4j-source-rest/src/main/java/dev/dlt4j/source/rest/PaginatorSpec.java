package dev.dlt4j.source.rest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A paginator as configured ({@code endpoint.paginator}, {@code resource_defaults...}, {@code client.paginator}):
 * dlt's types, keys and defaults. Immutable; {@link #start()} makes the stateful {@link PaginatorState}
 * that pages through one request sequence.
 */
sealed interface PaginatorSpec {
    List<String> TYPES = List.of("json_link", "json_response", "header_link", "header_cursor", "auto",
            "single_page", "cursor", "offset", "page_number");

    /** A fresh state for one sequence of requests. */
    PaginatorState start();

    /** What {@code --dry-run} prints. */
    String describe();

    record JsonLink(JsonPath nextUrlPath) implements PaginatorSpec {
        public PaginatorState start() {
            return new PaginatorState.JsonLink(this);
        }

        public String describe() {
            return "json_link (next URL at " + nextUrlPath + ")";
        }
    }

    record HeaderLink(String linksNextKey) implements PaginatorSpec {
        public PaginatorState start() {
            return new PaginatorState.HeaderLink(this);
        }

        public String describe() {
            return "header_link (Link rel=\"" + linksNextKey + "\")";
        }
    }

    record HeaderCursor(String cursorKey, String cursorParam) implements PaginatorSpec {
        public PaginatorState start() {
            return new PaginatorState.HeaderCursor(this);
        }

        public String describe() {
            return "header_cursor (header " + cursorKey + " -> param " + cursorParam + ")";
        }
    }

    /** {@code cursor}: dlt's {@code JSONResponseCursorPaginator}. */
    record Cursor(JsonPath cursorPath, Optional<String> cursorParam, Optional<String> cursorBodyPath,
            boolean stopAfterEmptyPage, Optional<JsonPath> hasMorePath) implements PaginatorSpec {
        public PaginatorState start() {
            return new PaginatorState.Cursor(this);
        }

        public String describe() {
            return "cursor (" + cursorPath + " -> " + cursorParam.map(p -> "param " + p)
                    .orElseGet(() -> "body " + cursorBodyPath.orElseThrow()) + stops(stopAfterEmptyPage, Optional.empty(),
                    Optional.empty(), hasMorePath) + ")";
        }
    }

    /**
     * {@code offset} and {@code page_number}: dlt's {@code RangePaginator}. {@code limit} is set only
     * for offset pagination (sent with {@code limitParam} or {@code limitBodyPath}).
     */
    record Range(String type, Optional<String> param, Optional<String> bodyPath, long initialValue, long step,
            long baseIndex, Optional<Long> maximumValue, Optional<JsonPath> totalPath, boolean stopAfterEmptyPage,
            Optional<JsonPath> hasMorePath, Optional<Long> limit, Optional<String> limitParam,
            Optional<String> limitBodyPath) implements PaginatorSpec {
        public PaginatorState start() {
            return new PaginatorState.Range(this);
        }

        public String describe() {
            String where = param.map(p -> "param " + p).orElseGet(() -> "body " + bodyPath.orElseThrow());
            return type + " (" + where + " from " + initialValue + limit.map(l -> ", limit " + l).orElse("")
                    + stops(stopAfterEmptyPage, totalPath, maximumValue.map(m -> (type.equals("offset")
                            ? "maximum_offset " : "maximum_page ") + m), hasMorePath) + ")";
        }
    }

    record SinglePage() implements PaginatorSpec {
        public PaginatorState start() {
            return new PaginatorState.SinglePage();
        }

        public String describe() {
            return "single_page";
        }
    }

    /** {@code auto}: detected from the first response (dlt's {@code detector.py}). */
    record Auto() implements PaginatorSpec {
        public PaginatorState start() {
            return new PaginatorState.Auto();
        }

        public String describe() {
            return "auto (detected from the first response)";
        }
    }

    private static String stops(boolean emptyPage, Optional<JsonPath> total, Optional<String> maximum,
            Optional<JsonPath> hasMore) {
        StringBuilder sb = new StringBuilder("; stops");
        String sep = " ";
        if (emptyPage) {
            sb.append(sep).append("after an empty page");
            sep = ", ";
        }
        if (total.isPresent()) {
            sb.append(sep).append("at total ").append(total.get());
            sep = ", ";
        }
        if (maximum.isPresent()) {
            sb.append(sep).append("at ").append(maximum.get());
            sep = ", ";
        }
        if (hasMore.isPresent()) {
            sb.append(sep).append("when ").append(hasMore.get()).append(" is false");
            sep = ", ";
        }
        if (sep.equals(" ")) {
            sb.append(" when the next reference is missing");
        }
        return sb.toString();
    }

    /** Parses a paginator setting: a type name, or a table with {@code type} and that type's keys. */
    static PaginatorSpec parse(Object value, String path) {
        Map<String, Object> t;
        String type;
        if (value instanceof String s) {
            type = s;
            t = Map.of();
        } else {
            t = Settings.table(value, path);
            type = Settings.text(t, path, "type").orElse("auto");
        }
        String typePath = value instanceof String ? path : Settings.join(path, "type");
        if (!TYPES.contains(type)) {
            throw Settings.error(typePath, "unknown paginator type '" + type + "'" + DidYouMean.suggest(type, TYPES)
                    + "; allowed: " + String.join(", ", TYPES));
        }
        switch (type) {
            case "json_link", "json_response" -> {
                Settings.checkKeys(t, path, Set.of("type", "next_url_path"));
                return new JsonLink(path(t, path, "next_url_path").orElse(JsonPath.compile("next")));
            }
            case "header_link" -> {
                Settings.checkKeys(t, path, Set.of("type", "links_next_key"));
                return new HeaderLink(Settings.text(t, path, "links_next_key").orElse("next"));
            }
            case "header_cursor" -> {
                Settings.checkKeys(t, path, Set.of("type", "cursor_key", "cursor_param"));
                return new HeaderCursor(Settings.text(t, path, "cursor_key").orElse("next"),
                        Settings.text(t, path, "cursor_param").orElse("cursor"));
            }
            case "cursor" -> {
                Settings.checkKeys(t, path, Set.of("type", "cursor_path", "cursor_param", "cursor_body_path",
                        "stop_after_empty_page", "has_more_path"));
                Optional<String> param = Settings.text(t, path, "cursor_param");
                Optional<String> body = Settings.text(t, path, "cursor_body_path");
                if (param.isPresent() && body.isPresent()) {
                    throw Settings.error(Settings.join(path, "cursor_body_path"),
                            "give cursor_param or cursor_body_path, not both");
                }
                if (param.isEmpty() && body.isEmpty()) {
                    param = Optional.of("cursor");
                }
                return new Cursor(path(t, path, "cursor_path").orElse(JsonPath.compile("cursors.next")), param, body,
                        Settings.bool(t, path, "stop_after_empty_page").orElse(false), path(t, path, "has_more_path"));
            }
            case "offset" -> {
                Settings.checkKeys(t, path, Set.of("type", "limit", "offset", "offset_param", "limit_param",
                        "total_path", "maximum_offset", "stop_after_empty_page", "has_more_path", "offset_body_path",
                        "limit_body_path"));
                long limit = Settings.integer(t, path, "limit").orElseThrow(() -> Settings.error(
                        Settings.join(path, "limit"), "the offset paginator needs a limit (items per page)"));
                if (limit < 1) {
                    throw Settings.error(Settings.join(path, "limit"), "must be at least 1, got " + limit);
                }
                Optional<String>[] offset = oneOf(t, path, "offset_param", "offset_body_path", "offset");
                Optional<String>[] lim = oneOf(t, path, "limit_param", "limit_body_path", "limit");
                return range("offset", t, path, offset, Settings.integer(t, path, "offset").orElse(0L), limit, 0,
                        "maximum_offset", Optional.of(limit), lim[0], lim[1]);
            }
            case "page_number" -> {
                Settings.checkKeys(t, path, Set.of("type", "base_page", "page", "page_param", "total_path",
                        "maximum_page", "stop_after_empty_page", "has_more_path", "page_body_path"));
                long base = Settings.integer(t, path, "base_page").orElse(0L);
                Optional<String>[] page = oneOf(t, path, "page_param", "page_body_path", "page");
                return range("page_number", t, path, page, Settings.integer(t, path, "page").orElse(base), 1, base,
                        "maximum_page", Optional.empty(), Optional.empty(), Optional.empty());
            }
            case "single_page" -> {
                Settings.checkKeys(t, path, Set.of("type"));
                return new SinglePage();
            }
            default -> {
                Settings.checkKeys(t, path, Set.of("type"));
                return new Auto();
            }
        }
    }

    private static Range range(String type, Map<String, Object> t, String path, Optional<String>[] where,
            long initial, long step, long base, String maximumKey, Optional<Long> limit, Optional<String> limitParam,
            Optional<String> limitBodyPath) {
        // dlt's default total_path is "total"; an explicit empty text turns it off (TOML has no None)
        Optional<String> total = t.containsKey("total_path") ? Settings.text(t, path, "total_path")
                .filter(s -> !s.isBlank()) : Optional.of("total");
        Optional<Long> maximum = Settings.integer(t, path, maximumKey);
        boolean emptyPage = Settings.bool(t, path, "stop_after_empty_page").orElse(true);
        Optional<JsonPath> hasMore = path(t, path, "has_more_path");
        if (total.isEmpty() && maximum.isEmpty() && hasMore.isEmpty() && !emptyPage) {
            throw Settings.error(path, "the " + type + " paginator would never stop: set total_path, " + maximumKey
                    + ", has_more_path or stop_after_empty_page = true");
        }
        return new Range(type, where[0], where[1], initial, step, base, maximum,
                total.map(s -> compile(s, Settings.join(path, "total_path"))), emptyPage, hasMore, limit, limitParam,
                limitBodyPath);
    }

    @SuppressWarnings("unchecked")
    private static Optional<String>[] oneOf(Map<String, Object> t, String path, String paramKey, String bodyKey,
            String defaultParam) {
        Optional<String> param = Settings.text(t, path, paramKey);
        Optional<String> body = Settings.text(t, path, bodyKey);
        if (param.isPresent() && body.isPresent()) {
            throw Settings.error(Settings.join(path, bodyKey), "give " + paramKey + " or " + bodyKey + ", not both");
        }
        if (param.isEmpty() && body.isEmpty()) {
            param = Optional.of(defaultParam);
        }
        return new Optional[] {param, body};
    }

    private static Optional<JsonPath> path(Map<String, Object> t, String path, String key) {
        return Settings.text(t, path, key).map(s -> compile(s, Settings.join(path, key)));
    }

    static JsonPath compile(String s, String path) {
        try {
            return JsonPath.compile(s);
        } catch (IllegalArgumentException e) {
            throw Settings.error(path, e.getMessage());
        }
    }
}
