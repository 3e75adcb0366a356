package dev.dlt4j.source.rest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one REST API source (dlt's {@code RESTClient} with its retrying session): JDK
 * {@link HttpClient}, authentication, retries with exponential backoff and jitter on 429, 5xx,
 * connection errors and timeouts ({@code Retry-After} honoured), a rate limit shared by all
 * resources of the source, and pagination. Every message and log line has the source's secrets
 * masked. Thread-safe: parallel child resources share one client.
 */
final class RestClient {
    private static final Logger LOG = LoggerFactory.getLogger(RestClient.class);
    static final int ERROR_BODY_CHARS = 512;

    private final String sourceName;
    private final Optional<String> baseUrl;
    private final Map<String, String> headers;
    private final HttpSettings http;
    private final SecretLookup secrets;
    private final Optional<RateLimiter> limiter;
    private final HttpClient client;
    private final Map<AuthSpec.OAuth2ClientCredentials, OAuth2Token> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    RestClient(String sourceName, Optional<String> baseUrl, Map<String, String> headers, HttpSettings http,
            SecretLookup secrets) {
        this.sourceName = sourceName;
        this.baseUrl = baseUrl;
        this.headers = Map.copyOf(headers);
        this.http = http;
        this.secrets = secrets;
        this.limiter = http.requestsPerSecond().map(RateLimiter::new);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(http.timeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A first request of an endpoint: the path joined to {@code base_url}, the client's headers under the endpoint's. */
    PageRequest request(String method, String path, Map<String, Object> params, Map<String, String> endpointHeaders,
            Map<String, Object> json) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.putAll(endpointHeaders);
        return new PageRequest(method, PageRequest.join(baseUrl, path), params, h, json);
    }

    /**
     * The pages of one endpoint, read lazily: each {@code next()} sends one request (with its
     * retries) and returns the page's items as selected by {@code dataSelector} (detected when empty).
     */
    Iterator<List<Object>> paginate(PageRequest request, PaginatorSpec paginator, Optional<JsonPath> dataSelector,
            Optional<AuthSpec> auth, String resource) {
        PaginatorState state = paginator.start();
        state.initRequest(request);
        return new Iterator<>() {
            private boolean more = true;
            private Optional<JsonPath> selector = dataSelector;

            @Override
            public boolean hasNext() {
                return more;
            }

            @Override
            public List<Object> next() {
                if (!more) {
                    throw new NoSuchElementException();
                }
                HttpResult response = send(request, auth, resource);
                Object json = json(response, resource);
                if (selector.isEmpty()) {
                    selector = Optional.of(DataSelector.detect(json));
                    LOG.info("resource {}: detected data at '{}' of {}", resource, selector.get(), mask(response.uri));
                }
                List<Object> data = DataSelector.select(selector.get(), json, () -> "the response of "
                        + mask(response.uri) + " (resource " + resource + ")");
                try {
                    state.updateState(response, data);
                } catch (IllegalStateException e) {
                    throw new RestApiException(secrets.mask(e.getMessage() + " (" + mask(response.uri) + ", resource "
                            + resource + ")"));
                }
                if (paginator instanceof PaginatorSpec.Auto && state instanceof PaginatorState.Auto a
                        && a.detected().isPresent() && a.detected().get() instanceof PaginatorState.Range) {
                    LOG.warn("resource {}: paginator detected as {}; set endpoint.paginator to be sure", resource,
                            a.describe());
                }
                state.updateRequest(request);
                if (!state.hasNextPage) {
                    more = false;
                    state.stopNote.ifPresent(n -> LOG.warn("resource {}: {}", resource, secrets.mask(n)));
                }
                return data;
            }
        };
    }

    private Object json(HttpResult response, String resource) {
        try {
            return response.json();
        } catch (HttpResult.NotJsonException e) {
            throw new RestApiException(mask(response.uri) + " (resource " + resource + ") answered " + response.status
                    + " with a body that is not JSON (" + response.header("Content-Type").orElse("no Content-Type")
                    + "): " + secrets.mask(e.getMessage()) + "; the body starts with: " + excerpt(response.body));
        }
    }

    /** Sends {@code request} with retries; a final 4xx/5xx or transport failure is a {@link RestApiException}. */
    HttpResult send(PageRequest request, Optional<AuthSpec> auth, String resource) {
        URI uri = withAuthQuery(request.uri(), auth);
        String shown = request.method + " " + mask(uri);
        boolean refreshed = false;
        for (int attempt = 1; ; attempt++) {
            HttpResult result;
            try {
                result = attempt(request, uri, auth);
            } catch (IOException e) {
                boolean timeout = e instanceof HttpTimeoutException;
                if (attempt >= http.maxAttempts()) {
                    throw new RestApiException(shown + " (resource " + resource + ") failed after " + attempt
                            + " attempts: " + (timeout ? "timed out after " + http.timeout().toSeconds() + "s ("
                            + "[runtime] request_timeout)" : secrets.mask(String.valueOf(e))), dev.dlt4j.spi.Secrets
                            .scrub(e, secrets.secrets()));
                }
                Duration wait = http.backoff(attempt, ThreadLocalRandom.current().nextDouble());
                LOG.warn("{} (resource {}): {} on attempt {} of {}; retrying in {} ms", shown, resource,
                        timeout ? "timeout" : secrets.mask(String.valueOf(e)), attempt, http.maxAttempts(), wait.toMillis());
                sleep(wait);
                continue;
            }
            int status = result.status;
            if (status < 400) {
                return result;
            }
            if (status == 401 && !refreshed && auth.orElse(null) instanceof AuthSpec.OAuth2ClientCredentials o) {
                // a token revoked before its expiry: fetch a new one once
                tokens.remove(o);
                refreshed = true;
                attempt--;
                continue;
            }
            boolean retry = status == 429 || status >= 500;
            if (!retry || attempt >= http.maxAttempts()) {
                throw httpError(shown, resource, result, attempt, auth);
            }
            int failed = attempt;
            Duration wait = retryAfter(result).orElseGet(() -> http.backoff(failed, ThreadLocalRandom.current()
                    .nextDouble()));
            LOG.warn("{} (resource {}): HTTP {} on attempt {} of {}; retrying in {} ms", shown, resource, status, attempt,
                    http.maxAttempts(), wait.toMillis());
            sleep(wait);
        }
    }

    private HttpResult attempt(PageRequest request, URI uri, Optional<AuthSpec> auth) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(http.timeout())
                .header("User-Agent", "dlt4j")
                .header("Accept", "application/json");
        for (Map.Entry<String, String> h : request.headers.entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        if (auth.isPresent()) {
            authorize(b, auth.get());
        }
        if (request.json != null) {
            b.header("Content-Type", "application/json");
            b.method(request.method, HttpRequest.BodyPublishers.ofString(
                    HttpResult.MAPPER.writeValueAsString(request.json)));
        } else {
            b.method(request.method, HttpRequest.BodyPublishers.noBody());
        }
        if (limiter.isPresent()) {
            try {
                limiter.get().acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the rate limit");
            }
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new HttpResult(r.uri(), r.statusCode(), r.headers(), r.body() == null ? "" : r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + mask(uri));
        }
    }

    private void authorize(HttpRequest.Builder b, AuthSpec auth) throws IOException {
        if (auth instanceof AuthSpec.Bearer t) {
            b.header("Authorization", "Bearer " + t.token());
        } else if (auth instanceof AuthSpec.ApiKey k) {
            if (k.location().equals("header")) {
                b.header(k.name(), k.apiKey());
            } else if (k.location().equals("cookie")) {
                b.header("Cookie", k.name() + "=" + k.apiKey());
            }
        } else if (auth instanceof AuthSpec.HttpBasic h) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (h.username() + ":" + h.password()).getBytes(StandardCharsets.UTF_8)));
        } else if (auth instanceof AuthSpec.OAuth2ClientCredentials o) {
            b.header("Authorization", "Bearer " + tokens.computeIfAbsent(o, x -> new OAuth2Token(x, this)).current());
        }
    }

    private static URI withAuthQuery(URI uri, Optional<AuthSpec> auth) {
        if (auth.orElse(null) instanceof AuthSpec.ApiKey k && (k.location().equals("query")
                || k.location().equals("param"))) {
            String s = uri.toString();
            return URI.create(s + (s.contains("?") ? "&" : "?") + URLEncoder.encode(k.name(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(k.apiKey(), StandardCharsets.UTF_8));
        }
        return uri;
    }

    /** Posts the client-credentials grant (dlt's {@code obtain_token}); used by {@link OAuth2Token}. */
    HttpResult postForm(String url, Map<String, String> form) throws IOException {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).timeout(http.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", "dlt4j")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new HttpResult(resp.uri(), resp.statusCode(), resp.headers(), resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while fetching a token from " + mask(URI.create(url)));
        }
    }

    private RestApiException httpError(String shown, String resource, HttpResult result, int attempts,
            Optional<AuthSpec> auth) {
        StringBuilder sb = new StringBuilder(shown).append(" (resource ").append(resource).append(") failed: HTTP ")
                .append(result.status);
        if (attempts > 1) {
            sb.append(" after ").append(attempts).append(" attempts");
        }
        if (result.status == 401 || result.status == 403) {
            sb.append(auth.map(a -> "; the server refused the credentials: check " + a.hint())
                    .orElse("; the server wants credentials: set client.auth (bearer, api_key, http_basic or"
                            + " oauth2_client_credentials)"));
        }
        if (!result.body.isBlank()) {
            sb.append("; response: ").append(excerpt(result.body));
        }
        return new RestApiException(secrets.mask(sb.toString()));
    }

    String excerpt(String body) {
        String b = body.strip();
        return secrets.mask(b.length() > ERROR_BODY_CHARS ? b.substring(0, ERROR_BODY_CHARS) + "... (truncated)" : b);
    }

    private Optional<Duration> retryAfter(HttpResult result) {
        Optional<String> h = result.header("Retry-After");
        if (h.isEmpty()) {
            return Optional.empty();
        }
        String v = h.get().trim();
        Duration d;
        if (v.matches("\\d+")) {
            d = Duration.ofSeconds(Long.parseLong(v));
        } else {
            try {
                d = Duration.between(Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
            if (d.isNegative()) {
                d = Duration.ZERO;
            }
        }
        return Optional.of(d.compareTo(http.maxRetryDelay()) > 0 ? http.maxRetryDelay() : d);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestApiException("interrupted while waiting to retry");
        }
    }

    String mask(URI uri) {
        return secrets.mask(uri.toString());
    }

    SecretLookup secrets() {
        return secrets;
    }

    String sourceName() {
        return sourceName;
    }

    HttpSettings http() {
        return http;
    }

    List<String> describeHeaders() {
        List<String> out = new ArrayList<>();
        headers.forEach((k, v) -> out.add(k + ": " + secrets.mask(v)));
        return out;
    }
}
