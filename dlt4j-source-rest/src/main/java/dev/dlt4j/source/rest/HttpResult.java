package dev.dlt4j.source.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A response with its body read whole (one page), parsed as JSON on first use. */
final class HttpResult {
    // trailing tokens fail: "{}garbage" is not a JSON body
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern PARAM = Pattern.compile(";\\s*([^=;\\s]+)\\s*=\\s*\"?([^\";]*)\"?");

    final URI uri;
    final int status;
    final HttpHeaders headers;
    final String body;
    private Object json;
    private boolean parsed;

    HttpResult(URI uri, int status, HttpHeaders headers, String body) {
        this.uri = uri;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * The body as plain Java values ({@code Map}, {@code List}, text, numbers, booleans, null).
     *
     * @throws NotJsonException when the body is not JSON
     */
    Object json() {
        if (!parsed) {
            try {
                json = body.isBlank() ? null : MAPPER.readValue(body, Object.class);
            } catch (JsonProcessingException e) {
                throw new NotJsonException(e.getOriginalMessage());
            }
            parsed = true;
        }
        return json;
    }

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The links of the {@code Link} header by relation (RFC 8288), as {@code requests}' {@code response.links}. */
    Map<String, String> links() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String value : headers.allValues("Link")) {
            Matcher m = LINK.matcher(value);
            while (m.find()) {
                String url = m.group(1).trim();
                String rel = null;
                Matcher p = PARAM.matcher(m.group(2));
                while (p.find()) {
                    if (p.group(1).equalsIgnoreCase("rel")) {
                        rel = p.group(2).trim();
                    }
                }
                for (String r : (rel == null ? url : rel).split("\\s+")) {
                    out.putIfAbsent(r, url);
                }
            }
        }
        return out;
    }

    /** The body is not JSON; the caller names the URL. */
    static final class NotJsonException extends RuntimeException {
        NotJsonException(String detail) {
            super(detail);
        }
    }
}
