package dev.dlt4j.source.rest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request of a paginated sequence, as the paginators change it (dlt's {@code Request}): method,
 * URL, query parameters, headers and JSON body. Mutable and confined to the thread that pages
 * through one endpoint.
 */
final class PageRequest {
    final String method;
    String url;
    /** Query parameters; a {@code null} value is left out, as {@code requests} does. */
    Map<String, Object> params;
    final Map<String, String> headers;
    /** The JSON body, or null for none. */
    Map<String, Object> json;

    PageRequest(String method, String url, Map<String, Object> params, Map<String, String> headers,
            Map<String, Object> json) {
        this.method = method;
        this.url = url;
        this.params = params == null ? new LinkedHashMap<>() : new LinkedHashMap<>(params);
        this.headers = new LinkedHashMap<>(headers);
        this.json = json == null ? null : deepCopy(json);
    }

    /** {@code base} and {@code path} joined as dlt's {@code join_url}; a path that is a URL stands alone. */
    static String join(Optional<String> base, String path) {
        if (path.startsWith("http://") || path.startsWith("https://") || base.isEmpty()) {
            return path;
        }
        String b = base.get();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() ? b : b + "/" + p;
    }

    /** The URL with the query parameters appended (after any query the URL already has). */
    URI uri() {
        StringBuilder sb = new StringBuilder(url);
        boolean first = !url.contains("?");
        if (params != null) {
            for (Map.Entry<String, Object> e : params.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                sb.append(first ? '?' : '&');
                first = false;
                sb.append(encode(e.getKey())).append('=').append(encode(Placeholders.asText(e.getValue())));
            }
        }
        try {
            return URI.create(quoteUnsafe(sb.toString()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the request URL '" + sb + "' is not a valid URL: " + e.getMessage(), e);
        }
    }

    /**
     * Percent-encodes what may not stand in a URL (a space, quotes, braces, non-ASCII) and leaves the
     * rest, as {@code requests} does with a URL it is given: a parent's field with a space in it still
     * makes a valid path, a {@code /} in it still separates segments.
     */
    static String quoteUnsafe(String url) {
        StringBuilder sb = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); ) {
            int cp = url.codePointAt(i);
            if (cp < 128 && (Character.isLetterOrDigit(cp) || "-._~:/?#[]@!$&'()*+,;=%".indexOf(cp) >= 0)) {
                sb.append((char) cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            out.put(e.getKey(), v instanceof Map<?, ?> c ? deepCopy((Map<String, Object>) c) : v);
        }
        return out;
    }
}
