package dev.dlt4j.source.rest;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The access token of one {@code oauth2_client_credentials} auth (dlt's {@code OAuth2ClientCredentials}):
 * fetched from {@code access_token_url} with the client id and secret on first use, and fetched
 * again once it has expired ({@code expires_in} of the token response, else
 * {@code default_token_expiration}) or when the API answers 401. Thread-safe.
 */
final class OAuth2Token {
    private final AuthSpec.OAuth2ClientCredentials spec;
    private final RestClient client;
    private String token;
    private Instant expiry = Instant.MIN;

    OAuth2Token(AuthSpec.OAuth2ClientCredentials spec, RestClient client) {
        this.spec = spec;
        this.client = client;
    }

    synchronized String current() throws IOException {
        if (token == null || !Instant.now().isBefore(expiry)) {
            obtain();
        }
        return token;
    }

    private void obtain() throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", spec.clientId());
        form.put("client_secret", spec.clientSecret());
        form.put("grant_type", "client_credentials");
        form.putAll(spec.accessTokenRequestData());
        HttpResult r = client.postForm(spec.accessTokenUrl(), form);
        if (r.status >= 400) {
            throw new RestApiException(client.secrets().mask("POST " + spec.accessTokenUrl() + " (OAuth2 token) failed:"
                    + " HTTP " + r.status + "; check " + spec.hint()
                    + (r.body.isBlank() ? "" : "; response: " + client.excerpt(r.body))));
        }
        Object json;
        try {
            json = r.json();
        } catch (HttpResult.NotJsonException e) {
            throw new RestApiException("POST " + spec.accessTokenUrl() + " (OAuth2 token) answered a body that is not"
                    + " JSON: " + client.excerpt(r.body));
        }
        Object t = json instanceof Map<?, ?> m ? m.get("access_token") : null;
        if (t == null) {
            throw new RestApiException("POST " + spec.accessTokenUrl() + " (OAuth2 token) answered no access_token: "
                    + client.excerpt(r.body));
        }
        token = String.valueOf(t);
        client.secrets().remember(token);
        long seconds = spec.defaultTokenExpiration();
        if (json instanceof Map<?, ?> m && m.get("expires_in") != null) {
            try {
                seconds = (long) Double.parseDouble(String.valueOf(m.get("expires_in")));
            } catch (NumberFormatException e) {
                // keep the default, as an API that sends garbage here still sent a token
            }
        }
        expiry = Instant.now().plusSeconds(seconds);
    }
}
