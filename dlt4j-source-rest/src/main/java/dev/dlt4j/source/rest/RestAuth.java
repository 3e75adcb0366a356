package dev.dlt4j.source.rest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Authentication for the Java builder, with dlt's types and keys. A secret given here is masked in
 * every message and log of the source. Immutable; {@link #toString()} shows no secret.
 */
public final class RestAuth {
    private final Map<String, Object> settings;

    private RestAuth(Map<String, Object> settings) {
        this.settings = Collections.unmodifiableMap(settings);
    }

    private static RestAuth of(String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        return new RestAuth(m);
    }

    /** {@code Authorization: Bearer <token>}. */
    public static RestAuth bearer(String token) {
        return of("bearer").with("token", token);
    }

    /** An API key sent as header (default {@code Authorization}), {@code query} param or {@code cookie} named {@code name}. */
    public static RestAuth apiKey(String name, String apiKey, String location) {
        return of("api_key").with("name", name).with("api_key", apiKey).with("location", location);
    }

    /** HTTP basic authentication. */
    public static RestAuth httpBasic(String username, String password) {
        return of("http_basic").with("username", username).with("password", password);
    }

    /** OAuth2 client credentials: a token fetched from {@code accessTokenUrl}, fetched again when it expires. */
    public static RestAuth oauth2ClientCredentials(String accessTokenUrl, String clientId, String clientSecret) {
        return of("oauth2_client_credentials").with("access_token_url", accessTokenUrl).with("client_id", clientId)
                .with("client_secret", clientSecret);
    }

    /** This auth with one more of dlt's keys (e.g. {@code access_token_request_data}, {@code default_token_expiration}). */
    public RestAuth with(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(settings);
        m.put(key, value);
        return new RestAuth(m);
    }

    Map<String, Object> settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "RestAuth[" + settings.get("type") + "]";
    }
}
