package dev.dlt4j.source.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authentication as configured ({@code client.auth} or {@code endpoint.auth}): dlt's types and keys.
 * Secrets left out of the settings are resolved by {@link SecretLookup} when the source is built,
 * so a missing one fails before any request. Immutable.
 */
sealed interface AuthSpec {
    List<String> TYPES = List.of("bearer", "api_key", "http_basic", "oauth2_client_credentials");

    /** The settings key users should check when the server answers 401 or 403. */
    String hint();

    record Bearer(String path, String token) implements AuthSpec {
        public String hint() {
            return path + ".token (type bearer)";
        }
    }

    record ApiKey(String path, String name, String apiKey, String location) implements AuthSpec {
        public String hint() {
            return path + ".api_key (type api_key, sent as " + location + " '" + name + "')";
        }
    }

    record HttpBasic(String path, String username, String password) implements AuthSpec {
        public String hint() {
            return path + ".username and " + path + ".password (type http_basic)";
        }
    }

    record OAuth2ClientCredentials(String path, String accessTokenUrl, String clientId, String clientSecret,
            Map<String, String> accessTokenRequestData, long defaultTokenExpiration, Optional<String> accessToken)
            implements AuthSpec {
        public String hint() {
            return path + ".client_id and " + path + ".client_secret (type oauth2_client_credentials, token from "
                    + accessTokenUrl + ")";
        }
    }

    /** What {@code --dry-run} prints (secrets masked). */
    default String describe() {
        if (this instanceof ApiKey k) {
            return "api_key in " + k.location() + " '" + k.name() + "' = ***";
        }
        if (this instanceof HttpBasic h) {
            return "http_basic user ***, password ***";
        }
        if (this instanceof OAuth2ClientCredentials o) {
            return "oauth2_client_credentials from " + o.accessTokenUrl() + ", client_id ***";
        }
        return "bearer token ***";
    }

    /** Parses an auth setting: a type name, or a table whose {@code type} defaults to {@code bearer} (dlt). */
    static AuthSpec parse(Object value, String path, SecretLookup secrets) {
        Map<String, Object> t;
        String type;
        String typePath;
        if (value instanceof String s) {
            type = s;
            t = Map.of();
            typePath = path;
        } else {
            t = Settings.table(value, path);
            type = Settings.text(t, path, "type").orElse("bearer");
            typePath = Settings.join(path, "type");
        }
        if (!TYPES.contains(type)) {
            throw Settings.error(typePath, "unknown auth type '" + type + "'" + DidYouMean.suggest(type, TYPES)
                    + "; allowed: " + String.join(", ", TYPES));
        }
        switch (type) {
            case "bearer" -> {
                Settings.checkKeys(t, path, Set.of("type", "token"));
                return new Bearer(path, secrets.require(t.get("token"), path, "token", "the bearer token"));
            }
            case "api_key" -> {
                Settings.checkKeys(t, path, Set.of("type", "name", "api_key", "location"));
                String location = Settings.text(t, path, "location").orElse("header").toLowerCase(Locale.ROOT);
                List<String> locations = List.of("header", "query", "param", "cookie");
                if (!locations.contains(location)) {
                    throw Settings.error(Settings.join(path, "location"), "unknown location '" + location + "'"
                            + DidYouMean.suggest(location, locations) + "; allowed: " + String.join(", ", locations));
                }
                return new ApiKey(path, Settings.text(t, path, "name").orElse("Authorization"),
                        secrets.require(t.get("api_key"), path, "api_key", "the API key"), location);
            }
            case "http_basic" -> {
                Settings.checkKeys(t, path, Set.of("type", "username", "password"));
                return new HttpBasic(path, secrets.require(t.get("username"), path, "username", "the user name"),
                        secrets.require(t.get("password"), path, "password", "the password"));
            }
            default -> {
                Settings.checkKeys(t, path, Set.of("type", "access_token_url", "client_id", "client_secret",
                        "access_token_request_data", "default_token_expiration", "access_token"));
                String url = Settings.text(t, path, "access_token_url").orElseThrow(() -> Settings.error(
                        Settings.join(path, "access_token_url"), "oauth2_client_credentials needs the token URL"));
                Map<String, String> data = new LinkedHashMap<>(Settings.textTable(t, path, "access_token_request_data"));
                long expiration = Settings.integer(t, path, "default_token_expiration").orElse(3600L);
                return new OAuth2ClientCredentials(path, url,
                        secrets.require(t.get("client_id"), path, "client_id", "the OAuth2 client id"),
                        secrets.require(t.get("client_secret"), path, "client_secret", "the OAuth2 client secret"),
                        data, expiration, Optional.ofNullable(t.get("access_token")).flatMap(
                                v -> secrets.find(v, path, "access_token")));
            }
        }
    }
}
