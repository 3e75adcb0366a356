package dev.dlt4j.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.source.rest.TestApi.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retries (429 with Retry-After, 5xx, dropped connections, timeouts), the rate limit, and the messages of bad HTTP. */
class RetriesAndErrorsTest {
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

    private RestApiSource.Builder source(RestResource resource) {
        return RestApiSource.builder("retries").baseUrl(api.url()).backoffFactor(0.01).resource(resource);
    }

    private static RestResource items() {
        return RestResource.of("items").paginator(Paginator.singlePage());
    }

    @Test
    void a429WaitsWhatRetryAfterSays() {
        AtomicInteger calls = new AtomicInteger();
        api.on("/items", (req, ex) -> calls.incrementAndGet() == 1
                ? Reply.status(429, "{\"message\":\"slow down\"}").header("Retry-After", "1")
                : Reply.json("[{\"id\":1}]"));
        long t0 = System.nanoTime();
        assertThat(source(items()).resources().rows("items")).hasSize(1);
        List<TestApi.Seen> seen = api.requests("/items");
        assertThat(seen).hasSize(2);
        // the backoff factor is 10 ms: only Retry-After explains a wait of a second
        assertThat(Duration.ofNanos(seen.get(1).nanos() - seen.get(0).nanos())).isGreaterThanOrEqualTo(
                Duration.ofMillis(950));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a503IsRetriedWithBackoffUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        api.on("/items", (req, ex) -> calls.incrementAndGet() <= 2 ? Reply.status(503, "busy")
                : Reply.json("[{\"id\":1}]"));
        assertThat(source(items()).resources().rows("items")).hasSize(1);
        assertThat(api.requests("/items")).hasSize(3);
    }

    @Test
    void a5xxThatNeverEndsFailsAfterFiveAttempts() {
        api.on("/items", (req, ex) -> Reply.status(500, "{\"error\":\"boom\"}"));
        assertThatThrownBy(() -> source(items()).resources().rows("items"))
                .isInstanceOf(RestApiException.class)
                .hasMessage("GET " + api.url() + "/items (resource items) failed: HTTP 500 after 5 attempts; response:"
                        + " {\"error\":\"boom\"}");
        assertThat(api.requests("/items")).hasSize(5);
    }

    @Test
    void a4xxIsNotRetriedAndNamesUrlStatusAndTheStartOfTheBody() {
        String body = "{\"message\":\"Not Found\",\"detail\":\"" + "x".repeat(2000) + "\"}";
        api.on("/items", (req, ex) -> Reply.status(404, body));
        assertThatThrownBy(() -> source(items().param("state", "open")).resources().rows("items"))
                .hasMessageStartingWith("GET " + api.url() + "/items?state=open (resource items) failed: HTTP 404;"
                        + " response: {\"message\":\"Not Found\"")
                .hasMessageEndingWith("... (truncated)");
        assertThat(api.requests("/items")).hasSize(1);
    }

    @Test
    void aConnectionDroppedMidPageIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        api.on("/items", (req, ex) -> {
            if (calls.incrementAndGet() == 1) {
                TestApi.dropMidPage(ex, "[{\"id\":1},{\"i");
                return null;
            }
            return Reply.json("[{\"id\":1},{\"id\":2}]");
        });
        assertThat(source(items()).resources().rows("items")).hasSize(2);
        assertThat(api.requests("/items")).hasSize(2);
    }

    @Test
    void aTimeoutIsRetriedThenNamed() {
        api.on("/items", (req, ex) -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.json("[]");
        });
        assertThatThrownBy(() -> source(items()).timeout(Duration.ofMillis(200)).maxAttempts(2).resources().rows("items"))
                .hasMessageContaining("failed after 2 attempts: timed out")
                .hasMessageContaining("[runtime] request_timeout");
    }

    @Test
    void theRateLimitHoldsOverAllRequests() {
        api.on("/items", (req, ex) -> {
            int offset = Integer.parseInt(req.query().get("offset"));
            return Reply.json("{\"items\":" + (offset >= 24 ? "[]" : "[{\"id\":" + offset + "}]") + "}");
        });
        int perSecond = 20;
        assertThat(source(RestResource.of("items").paginator(Paginator.offset(1).with("total_path", "")))
                .requestsPerSecond(perSecond).resources().rows("items")).hasSize(24);
        List<TestApi.Seen> seen = api.requests("/items");
        assertThat(seen).hasSize(25);
        // in any window of one second the server saw at most perSecond + 1 requests (both window ends count)
        for (int i = 0; i < seen.size(); i++) {
            long from = seen.get(i).nanos();
            long inWindow = seen.stream().filter(s -> s.nanos() >= from && s.nanos() < from + 1_000_000_000L).count();
            assertThat(inWindow).isLessThanOrEqualTo(perSecond + 1);
        }
        assertThat(Duration.ofNanos(seen.get(seen.size() - 1).nanos() - seen.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1150));
    }

    @Test
    void aBodyThatIsNotJsonIsNamed() {
        api.on("/items", (req, ex) -> new Reply(200, java.util.Map.of("Content-Type", "text/html"),
                "<html>maintenance</html>"));
        assertThatThrownBy(() -> source(items()).resources().rows("items"))
                .hasMessageStartingWith(api.url() + "/items (resource items) answered 200 with a body that is not JSON"
                        + " (text/html)")
                .hasMessageEndingWith("the body starts with: <html>maintenance</html>");
    }

    @Test
    void aDataSelectorThatFindsNothingNamesTheKeysThereAre() {
        api.on("/items", (req, ex) -> Reply.json("{\"results\":[{\"id\":1}],\"count\":1}"));
        assertThatThrownBy(() -> source(items().dataSelector("result")).resources().rows("items"))
                .hasMessage("data_selector 'result' finds nothing in the response of " + api.url() + "/items (resource"
                        + " items): its keys are [results, count]; did you mean 'results'?");
    }

    @Test
    void aDataSelectorThatFindsNullIsAnEmptyPage() {
        api.on("/items", (req, ex) -> Reply.json("{\"data\":null}"));
        assertThat(source(items().dataSelector("data")).resources().rows("items")).isEmpty();
    }

    @Test
    void aTotalThatIsNotANumberIsNamedWithTheUrl() {
        api.on("/items", (req, ex) -> Reply.json("{\"items\":[{\"id\":1}],\"total\":\"many\"}"));
        assertThatThrownBy(() -> source(RestResource.of("items").paginator(Paginator.offset(1))).resources().rows("items"))
                .hasMessage("the total at 'total' is text 'many', not an integer (offset paginator) (" + api.url()
                        + "/items?offset=0&limit=1, resource items)");
    }

    @Test
    void aPathWithASpaceOrNonAsciiFromAValueIsEncoded() {
        api.on("/files", (req, ex) -> Reply.json("[{\"path\":\"" + req.path() + "\"}]"));
        assertThat(source(RestResource.of("items").path("files/my report ü.txt").paginator(Paginator.singlePage()))
                .resources().rows("items")).containsExactly(java.util.Map.of("path", "/files/my report ü.txt"));
    }
}
