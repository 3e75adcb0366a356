package dev.dlt4j.source.rest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A paginator for the Java builder, with dlt's types and keys: {@code Paginator.offset(100).with("maximum_offset", 1000)}
 * is {@code paginator = { type = "offset", limit = 100, maximum_offset = 1000 }} in a pipeline file.
 * Checked, like the file's, when the source is built. Immutable.
 */
public final class Paginator {
    private final Map<String, Object> settings;

    private Paginator(Map<String, Object> settings) {
        this.settings = Collections.unmodifiableMap(settings);
    }

    /** Any type with its keys, as in a pipeline file. */
    public static Paginator of(String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        return new Paginator(m);
    }

    /** The next page's URL is in the body at {@code nextUrlPath} (a JSONPath, dlt's default {@code next}). */
    public static Paginator jsonLink(String nextUrlPath) {
        return of("json_link").with("next_url_path", nextUrlPath);
    }

    /** The next page's URL is the {@code Link} header's {@code rel="next"} (RFC 8288). */
    public static Paginator headerLink() {
        return of("header_link");
    }

    /** The cursor is in response header {@code cursorKey} and goes to query param {@code cursorParam}. */
    public static Paginator headerCursor(String cursorKey, String cursorParam) {
        return of("header_cursor").with("cursor_key", cursorKey).with("cursor_param", cursorParam);
    }

    /** {@code offset}/{@code limit} params; stops on an empty page, at {@code total}, or as set with {@link #with}. */
    public static Paginator offset(long limit) {
        return of("offset").with("limit", limit);
    }

    /** A {@code page} param counting from {@code basePage}; stops on an empty page, at {@code total}, or as set. */
    public static Paginator pageNumber(long basePage) {
        return of("page_number").with("base_page", basePage);
    }

    /** The cursor is in the body at {@code cursorPath} and goes to query param {@code cursorParam}. */
    public static Paginator cursor(String cursorPath, String cursorParam) {
        return of("cursor").with("cursor_path", cursorPath).with("cursor_param", cursorParam);
    }

    /** One request, no pagination. */
    public static Paginator singlePage() {
        return of("single_page");
    }

    /** Detected from the first response (dlt's default). */
    public static Paginator auto() {
        return of("auto");
    }

    /** This paginator with one more of dlt's keys ({@code total_path}, {@code stop_after_empty_page}, ...). */
    public Paginator with(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(settings);
        m.put(key, value);
        return new Paginator(m);
    }

    Map<String, Object> settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "Paginator" + settings;
    }
}
