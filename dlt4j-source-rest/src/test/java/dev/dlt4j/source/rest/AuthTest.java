package dev.dlt4j.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Config;
import dev.dlt4j.source.rest.TestApi.Reply;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every auth type against a server that checks the credentials; secrets never in messages. */
class AuthTest {
    private static final String SECRET = "s3cr3t-t0ken/+x";
    // one server per class: stopping a JDK HttpServer takes a while
    private static TestApi api;

    @BeforeAll
    static void start() throws IOException {
        api = new TestApi();
    }

    @AfterEach
    void reset() {
        api.reset();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private void guarded(java.util.function.Predicate<TestApi.Seen> ok) {
        api.on("/items", (req, ex) -> ok.test(req) ? Reply.json("[{\"id\":1}]")
                : Reply.status(401, "{\"message\":\"Bad credentials " + req.header("Authorization") + "\"}"));
    }

    private List<Object> rows(RestAuth auth) {
        return RestApiSource.builder("auth").baseUrl(api.url()).auth(auth).maxAttempts(1)
                .resource(RestResource.of("items").paginator(Paginator.singlePage())).resources().rows("items");
    }

    @Test
    void bearer() {
        guarded(r -> ("Bearer " + SECRET).equals(r.header("Authorization")));
        assertThat(rows(RestAuth.bearer(SECRET))).hasSize(1);
    }

    @Test
    void apiKeyInAHeaderAndInTheQuery() {
        guarded(r -> SECRET.equals(r.header("X-Api-Key")) || SECRET.equals(r.query().get("key")));
        assertThat(rows(RestAuth.apiKey("X-Api-Key", SECRET, "header"))).hasSize(1);
        assertThat(rows(RestAuth.apiKey("key", SECRET, "query"))).hasSize(1);
        assertThat(api.seen.get(1).query()).containsEntry("key", SECRET);
    }

    @Test
    void apiKeyInACookie() {
        guarded(r -> ("session=" + SECRET).equals(r.header("Cookie")));
        assertThat(rows(RestAuth.apiKey("session", SECRET, "cookie"))).hasSize(1);
    }

    @Test
    void oauth2FetchesANewTokenWhenTheApiRefusesTheCurrentOne() {
        AtomicInteger issued = new AtomicInteger();
        api.on("/token", (req, ex) -> Reply.json("{\"access_token\":\"tok-" + issued.incrementAndGet()
                + "\",\"expires_in\":3600}"));
        guarded(r -> ("Bearer tok-" + issued.get()).equals(r.header("Authorization")));
        RestResources resources = RestApiSource.builder("auth").baseUrl(api.url()).maxAttempts(1)
                .auth(RestAuth.oauth2ClientCredentials(api.url() + "/token", "app", SECRET))
                .resource(RestResource.of("items").paginator(Paginator.singlePage())).resources();
        assertThat(resources.rows("items")).hasSize(1);
        issued.incrementAndGet(); // the server revokes tok-1 before it expires: only tok-2 is good now
        assertThat(resources.rows("items")).hasSize(1);
        assertThat(issued).hasValue(3);
        assertThat(api.requests("/items")).hasSize(3);
    }

    @Test
    void httpBasic() {
        String expected = "Basic " + Base64.getEncoder().encodeToString(("ann:" + SECRET).getBytes());
        guarded(r -> expected.equals(r.header("Authorization")));
        assertThat(rows(RestAuth.httpBasic("ann", SECRET))).hasSize(1);
    }

    @Test
    void oauth2ClientCredentialsFetchesATokenAndFetchesAgainWhenItExpires() throws InterruptedException {
        AtomicInteger issued = new AtomicInteger();
        api.on("/token", (req, ex) -> {
            Map<String, String> form = TestApi.query(req.body());
            if (!form.equals(Map.of("client_id", "app", "client_secret", SECRET, "grant_type", "client_credentials",
                    "audience", "api"))) {
                return Reply.status(401, "{\"error\":\"invalid_client\"}");
            }
            return Reply.json("{\"access_token\":\"tok-" + issued.incrementAndGet() + "\",\"expires_in\":2}");
        });
        guarded(r -> ("Bearer tok-" + issued.get()).equals(r.header("Authorization")));
        RestApiSource.Builder b = RestApiSource.builder("auth").baseUrl(api.url()).maxAttempts(1)
                .auth(RestAuth.oauth2ClientCredentials(api.url() + "/token", "app", SECRET)
                        .with("access_token_request_data", Map.of("audience", "api")))
                .resource(RestResource.of("items").paginator(Paginator.singlePage()));
        RestResources resources = b.resources();
        assertThat(resources.rows("items")).hasSize(1);
        assertThat(resources.rows("items")).hasSize(1);
        assertThat(issued).hasValue(1); // the token is reused while valid
        Thread.sleep(2100);
        assertThat(resources.rows("items")).hasSize(1);
        assertThat(issued).hasValue(2); // and fetched again once expired
    }

    @Test
    void refusedCredentialsNameTheAuthSettingAndNeverTheSecret() {
        guarded(r -> false);
        assertThatThrownBy(() -> rows(RestAuth.bearer(SECRET)))
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("check client.auth.token (type bearer)")
                .hasMessageContaining("Bad credentials Bearer ***")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> rows(RestAuth.apiKey("key", SECRET, "query")))
                .hasMessageContaining("key=***")
                .hasMessageContaining("check client.auth.api_key (type api_key, sent as query 'key')")
                .hasMessageNotContaining(SECRET).hasMessageNotContaining("s3cr3t-t0ken%2F%2Bx");
    }

    @Test
    void aSecretLeftOutIsReadFromTheConfigurationBySectionPath() {
        guarded(r -> ("Bearer " + SECRET).equals(r.header("Authorization")));
        Config config = (sections, key) -> sections.equals(List.of("sources", "gh", "client", "auth"))
                && key.equals("token") ? Optional.of(SECRET) : Optional.empty();
        Map<String, Object> settings = Map.of("client", Map.of("base_url", api.url(), "auth", Map.of("type", "bearer")),
                "resources", List.of(Map.of("name", "items", "endpoint", Map.of("paginator", "single_page"))));
        assertThat(RestApiSource.plan("gh", settings, config)).anyMatch(l -> l.contains("auth bearer token ***"))
                .noneMatch(l -> l.contains(SECRET));
        Config none = (sections, key) -> Optional.empty();
        assertThatThrownBy(() -> RestApiSource.plan("gh", settings, none))
                .hasMessageStartingWith("client.auth.token: the bearer token is missing")
                .hasMessageContaining("[sources.gh.client.auth] or [sources.gh] or [sources.rest_api]")
                .hasMessageContaining("SOURCES__GH__CLIENT__AUTH__TOKEN");
    }

    @Test
    void anUnknownAuthTypeIsRefusedWithADidYouMean() {
        assertThatThrownBy(() -> rows(RestAuth.bearer(SECRET).with("type", "baerer")))
                .hasMessageStartingWith("client.auth.type: unknown auth type 'baerer'; did you mean 'bearer'?");
        assertThat(api.seen).isEmpty();
    }
}
