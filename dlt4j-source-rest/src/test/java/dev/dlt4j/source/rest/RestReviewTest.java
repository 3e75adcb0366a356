package dev.dlt4j.source.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.source.rest.TestApi.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cases found in review of the REST source (issue 16), against a real local server. */
class RestReviewTest {
    private static TestApi api;

    @BeforeAll
    static void start() throws IOException {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /**
     * A next link with a character a URL may not hold unescaped ({@code |}, a space, {@code {}}) is
     * followed as requests follows it, percent-encoded; it stopped pagination after the first page
     * with only a warning, so the run succeeded with a third of the rows.
     */
    @Test
    void aNextLinkWithUnescapedCharactersIsFollowed() {
        api.on("/unsafe", (req, ex) -> {
            int page = Integer.parseInt(req.query().getOrDefault("page", "0"));
            String next = page == 2 ? "null" : "\"/unsafe?page=" + (page + 1) + "&fields=id|name&q=a b\"";
            return Reply.json("{\"data\":[{\"id\":" + page + "}],\"next\":" + next + "}");
        });
        List<Object> ids = new ArrayList<>();
        for (Object row : RestApiSource.builder("unsafe").baseUrl(api.url()).maxAttempts(1)
                .resource(RestResource.of("unsafe").paginator(Paginator.jsonLink("next")).dataSelector("data"))
                .resources().rows("unsafe")) {
            ids.add(((Map<?, ?>) row).get("id"));
        }
        assertThat(ids).containsExactly(0, 1, 2);
        assertThat(api.requests("/unsafe").get(1).query()).containsEntry("fields", "id|name").containsEntry("q", "a b");
    }
}
