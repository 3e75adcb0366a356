package dev.dlt4j.source.rest;

import dev.dlt4j.Config;
import dev.dlt4j.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * dlt's declarative REST API source ({@code rest_api}): a {@link Source} built from a config of
 * {@code client} (base URL, headers, auth, paginator), {@code resource_defaults} and
 * {@code resources} (endpoints, parent-child placeholders, incremental params), with dlt's key
 * names and semantics. Build it from settings ({@link #fromSettings}, what {@code dlt4j run}
 * does with a {@code [sources.<name>]} table of {@code type = "rest_api"}) or with the
 * {@link #builder(String) builder}:
 *
 * <pre>{@code
 * Source github = RestApiSource.builder("github")
 *         .baseUrl("https://api.github.com/repos/dlt-hub/dlt/")
 *         .auth(RestAuth.bearer(token))
 *         .paginator(Paginator.headerLink())
 *         .resource(RestResource.of("issues").param("state", "open").primaryKey("id"))
 *         .resource(RestResource.of("comments").path("issues/{resources.issues.number}/comments"))
 *         .build();
 * }</pre>
 *
 * <p>Everything that can be checked without a request is checked when the source is built: unknown
 * keys (with a did-you-mean), paginator and auth types, placeholders and the resources they name,
 * secrets left out and not found in the configuration. Each failure is an
 * {@link IllegalArgumentException} whose message starts with the key path ({@code resources[0].endpoint.paginator.type: ...}).
 */
public final class RestApiSource {
    private RestApiSource() {
    }

    /** A builder of the source named {@code name} (its schema, and its section {@code [sources.<name>]}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * The source from dlt's {@code RESTAPIConfig} as plain values ({@code String}, {@code Number},
     * {@code Boolean}, {@code List}, {@code Map}); HTTP settings ({@code [runtime] request_*}) and
     * secrets the settings leave out are read from {@code config}.
     */
    public static Source fromSettings(String name, Map<String, ?> settings, Config config) {
        return assemble(name, settings, Optional.of(config), Map.of(), Optional.empty()).source();
    }

    /**
     * What {@code dlt4j run --dry-run} prints: base URL, and per resource its request, paginator,
     * auth (masked), parent and table. Checks and resolves as {@link #fromSettings} does; sends nothing.
     */
    public static List<String> plan(String name, Map<String, ?> settings, Config config) {
        return assemble(name, settings, Optional.of(config), Map.of(), Optional.empty()).plan();
    }

    @SuppressWarnings("unchecked")
    private static RestResources assemble(String name, Map<String, ?> settings, Optional<Config> config,
            Map<String, List<ResourceSpec.Step>> steps, Optional<HttpSettings> http) {
        Objects.requireNonNull(name, "name");
        SecretLookup secrets = new SecretLookup(name, config);
        Map<String, Object> s = (Map<String, Object>) settings;
        SourceSpec spec = new SpecParser(name, secrets, steps).parse(s);
        Map<String, Object> client = Settings.table(s.get("client"), "client");
        Optional<Double> rps = Settings.number(client, "client", "requests_per_second");
        HttpSettings h;
        try {
            h = http.orElseGet(() -> RestConfigKeys.httpSettings(config, rps));
        } catch (IllegalArgumentException e) {
            throw Settings.error("client.requests_per_second", e.getMessage());
        }
        return new RestResources(spec, new RestClient(name, spec.baseUrl(), spec.headers(), h, secrets));
    }

    /**
     * Collects a source in code; {@link #build()} checks it as a pipeline file's table is checked.
     * Not thread-safe; the {@link Source} it builds is.
     */
    public static final class Builder {
        private final String name;
        private final Map<String, Object> client = new LinkedHashMap<>();
        private final Map<String, Object> headers = new LinkedHashMap<>();
        private Map<String, Object> defaults = new LinkedHashMap<>();
        private final List<Object> resources = new ArrayList<>();
        private final Map<String, List<ResourceSpec.Step>> steps = new LinkedHashMap<>();
        private Optional<Config> config = Optional.empty();
        private Duration timeout;
        private Integer maxAttempts;
        private Double backoffFactor;
        private Duration maxRetryDelay;
        private Double requestsPerSecond;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** What every endpoint path is relative to. */
        public Builder baseUrl(String baseUrl) {
            client.put("base_url", baseUrl);
            return this;
        }

        /** A header sent with every request. */
        public Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        /** The client's auth; an endpoint's own auth wins. */
        public Builder auth(RestAuth auth) {
            client.put("auth", new LinkedHashMap<>(auth.settings()));
            return this;
        }

        /** The client's paginator; {@code resource_defaults} and an endpoint's own paginator win. */
        public Builder paginator(Paginator paginator) {
            client.put("paginator", new LinkedHashMap<>(paginator.settings()));
            return this;
        }

        /** dlt's {@code resource_defaults}: what every resource inherits (a resource of any name; the name is ignored). */
        public Builder resourceDefaults(RestResource defaults) {
            Map<String, Object> d = new LinkedHashMap<>(defaults.settings());
            d.remove("name");
            this.defaults = d;
            return this;
        }

        public Builder resource(RestResource resource) {
            resources.add(resource.settings());
            if (!resource.steps().isEmpty()) {
                steps.put(resource.name(), resource.steps());
            }
            return this;
        }

        /** A resource whose name is its path (dlt's plain-string resource). */
        public Builder resource(String nameAndPath) {
            resources.add(nameAndPath);
            return this;
        }

        /** Where secrets left out and {@code [runtime] request_*} settings are read (a pipeline's {@code config()}). */
        public Builder config(Config config) {
            this.config = Optional.of(config);
            return this;
        }

        /** At most this many requests per second over all resources of the source. */
        public Builder requestsPerSecond(double perSecond) {
            this.requestsPerSecond = perSecond;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Attempts per request, the first included (dlt: 5). */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** Seconds of the first retry wait, doubled each retry, with jitter (dlt: 1). */
        public Builder backoffFactor(double seconds) {
            this.backoffFactor = seconds;
            return this;
        }

        public Builder maxRetryDelay(Duration delay) {
            this.maxRetryDelay = delay;
            return this;
        }

        /** The settings as a pipeline file would hold them (dlt's {@code RESTAPIConfig}). */
        Map<String, Object> settings() {
            Map<String, Object> c = new LinkedHashMap<>(client);
            if (!headers.isEmpty()) {
                c.put("headers", new LinkedHashMap<>(headers));
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("client", c);
            if (!defaults.isEmpty()) {
                s.put("resource_defaults", defaults);
            }
            s.put("resources", new ArrayList<>(resources));
            return s;
        }

        /** The source; fails with an {@link IllegalArgumentException} naming the key path of the first problem. */
        public Source build() {
            return resources().source();
        }

        /** The lines {@code --dry-run} would print for this source. */
        public List<String> plan() {
            return resources().plan();
        }

        RestResources resources() {
            HttpSettings base = RestConfigKeys.httpSettings(config, Optional.empty());
            HttpSettings http = new HttpSettings(timeout != null ? timeout : base.timeout(),
                    maxAttempts != null ? maxAttempts : base.maxAttempts(),
                    backoffFactor != null ? backoffFactor : base.backoffFactor(),
                    maxRetryDelay != null ? maxRetryDelay : base.maxRetryDelay(),
                    Optional.ofNullable(requestsPerSecond));
            return assemble(name, settings(), config, steps, Optional.of(http));
        }
    }
}
