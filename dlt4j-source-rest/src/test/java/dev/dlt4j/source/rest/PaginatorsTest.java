package dev.dlt4j.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.source.rest.TestApi.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every paginator against a real local server: 7 items, 3 per page, and the requests the server saw. */
class PaginatorsTest {
    private static final int ITEMS = 7;
    private static final int PAGE = 3;
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

    private static String items(int from, int toExclusive) {
        return IntStream.range(from, Math.min(toExclusive, ITEMS)).mapToObj(i -> "{\"id\":" + (i + 1) + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private List<Object> ids(RestResource resource) {
        return ids(RestApiSource.builder("pages").baseUrl(api.url()).maxAttempts(1).resource(resource));
    }

    private static List<Object> ids(RestApiSource.Builder b) {
        List<Object> out = new ArrayList<>();
        for (Object row : b.resources().rows("items")) {
            out.add(((Map<?, ?>) row).get("id"));
        }
        return out;
    }

    @Test
    void jsonLinkFollowsRelativeAndAbsoluteNextUrlsUntilThereIsNone() {
        api.on("/items", (req, ex) -> {
            int page = Integer.parseInt(req.query().getOrDefault("page", "0"));
            String next = (page + 1) * PAGE >= ITEMS ? "null" : page == 0 ? "\"/items?page=1\""
                    : "\"" + api.url() + "/items?page=" + (page + 1) + "\"";
            return Reply.json("{\"data\":" + items(page * PAGE, page * PAGE + PAGE) + ",\"paging\":{\"next\":" + next + "}}");
        });
        assertThat(ids(RestResource.of("items").paginator(Paginator.jsonLink("paging.next")).dataSelector("data")))
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(api.requests("/items")).hasSize(3);
    }

    @Test
    void headerLinkFollowsRelNext() {
        api.on("/items", (req, ex) -> {
            int page = Integer.parseInt(req.query().getOrDefault("page", "0"));
            Reply r = Reply.json(items(page * PAGE, page * PAGE + PAGE));
            if ((page + 1) * PAGE < ITEMS) {
                r = r.header("Link", "<" + api.url() + "/items?page=" + (page + 1) + ">; rel=\"next\", <"
                        + api.url() + "/items?page=2>; rel=\"last\"");
            }
            return r;
        });
        assertThat(ids(RestResource.of("items").paginator(Paginator.headerLink()))).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(api.requests("/items")).hasSize(3);
    }

    @Test
    void headerCursorSendsTheCursorHeaderBackAsAParam() {
        api.on("/items", (req, ex) -> {
            int page = Integer.parseInt(req.query().getOrDefault("after", "0"));
            Reply r = Reply.json("{\"items\":" + items(page * PAGE, page * PAGE + PAGE) + "}");
            return (page + 1) * PAGE < ITEMS ? r.header("X-Next", String.valueOf(page + 1)) : r;
        });
        assertThat(ids(RestResource.of("items").paginator(Paginator.headerCursor("X-Next", "after"))))
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(api.requests("/items").stream().map(s -> s.query().get("after")).toList())
                .containsExactly(null, "1", "2");
    }

    private void offsetApi(boolean withTotal) {
        api.on("/items", (req, ex) -> {
            int offset = Integer.parseInt(req.query().get("offset"));
            int limit = Integer.parseInt(req.query().get("limit"));
            return Reply.json("{\"items\":" + items(offset, offset + limit) + (withTotal ? ",\"total\":" + ITEMS : "")
                    + "}");
        });
    }

    @Test
    void offsetStopsAtTotal() {
        offsetApi(true);
        assertThat(ids(RestResource.of("items").paginator(Paginator.offset(PAGE)))).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(api.requests("/items").stream().map(s -> s.query().get("offset")).toList())
                .containsExactly("0", "3", "6");
    }

    @Test
    void offsetWithoutTotalStopsAfterTheEmptyPage() {
        offsetApi(false);
        assertThat(ids(RestResource.of("items").paginator(Paginator.offset(PAGE).with("total_path", ""))))
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(api.requests("/items")).hasSize(4);
    }

    @Test
    void offsetWhoseTotalIsMissingStillStopsOnTheEmptyPage() {
        // dlt raises on a missing total even with stop_after_empty_page (dlt#4429); dlt4j stops on the empty page
        offsetApi(false);
        assertThat(ids(RestResource.of("items").paginator(Paginator.offset(PAGE)))).hasSize(ITEMS);
    }

    @Test
    void offsetStopsAtMaximumOffset() {
        offsetApi(false);
        assertThat(ids(RestResource.of("items").paginator(Paginator.offset(2).with("total_path", "")
                .with("stop_after_empty_page", false).with("maximum_offset", 4)))).containsExactly(1, 2, 3, 4);
        assertThat(api.requests("/items")).hasSize(2);
    }

    @Test
    void pageNumberCountsFromBasePageUntilTotalPages() {
        api.on("/items", (req, ex) -> {
            int page = Integer.parseInt(req.query().get("p")) - 1;
            return Reply.json("{\"results\":" + items(page * PAGE, page * PAGE + PAGE) + ",\"total_pages\":3}");
        });
        assertThat(ids(RestResource.of("items").paginator(Paginator.pageNumber(1).with("page_param", "p")
                .with("total_path", "total_pages")))).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(api.requests("/items").stream().map(s -> s.query().get("p")).toList())
                .containsExactly("1", "2", "3");
    }

    @Test
    void cursorFromTheBodyGoesToAParamAndAnEmptyCursorStops() {
        api.on("/items", (req, ex) -> {
            int page = Integer.parseInt(req.query().getOrDefault("cursor", "0"));
            String next = (page + 1) * PAGE < ITEMS ? "\"" + (page + 1) + "\"" : "\"\"";
            return Reply.json("{\"entries\":" + items(page * PAGE, page * PAGE + PAGE) + ",\"cursors\":{\"next\":" + next
                    + "}}");
        });
        assertThat(ids(RestResource.of("items").paginator(Paginator.of("cursor")))).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(api.requests("/items")).hasSize(3);
    }

    @Test
    void cursorInThePostBody() {
        api.on("/search", (req, ex) -> {
            int page = req.body().contains("\"after\":") ? Integer.parseInt(req.body().replaceAll(".*\"after\":\"?(\\d+).*",
                    "$1")) : 0;
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.body()).contains("\"query\":\"open\"");
            String next = (page + 1) * PAGE < ITEMS ? String.valueOf(page + 1) : "null";
            return Reply.json("{\"data\":" + items(page * PAGE, page * PAGE + PAGE) + ",\"next\":" + next + "}");
        });
        assertThat(ids(RestResource.of("items").path("search").method("POST").json(Map.of("query", "open"))
                .paginator(Paginator.of("cursor").with("cursor_path", "next").with("cursor_body_path", "page.after"))))
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void singlePageSendsOneRequest() {
        api.on("/items", (req, ex) -> Reply.json("{\"data\":" + items(0, 3) + ",\"next\":\"/items?page=2\"}"));
        assertThat(ids(RestResource.of("items").paginator(Paginator.singlePage()))).containsExactly(1, 2, 3);
        assertThat(api.requests("/items")).hasSize(1);
    }

    @Test
    void autoDetectsAJsonLinkAndTheDataList() {
        api.on("/items", (req, ex) -> {
            int page = Integer.parseInt(req.query().getOrDefault("page", "0"));
            String next = (page + 1) * PAGE >= ITEMS ? "null" : "\"/items?page=" + (page + 1) + "\"";
            return Reply.json("{\"meta\":{\"count\":7},\"results\":" + items(page * PAGE, page * PAGE + PAGE)
                    + ",\"next\":" + next + "}");
        });
        assertThat(ids(RestResource.of("items"))).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void autoDetectsAPageNumberFromTotalPages() {
        api.on("/items", (req, ex) -> {
            int page = Integer.parseInt(req.query().getOrDefault("page", "0"));
            return Reply.json("{\"data\":" + items(page * PAGE, page * PAGE + PAGE) + ",\"total_pages\":3}");
        });
        assertThat(ids(RestResource.of("items"))).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aMalformedNextLinkStopsPaginationAfterThePageItCameWith() {
        api.on("/items", (req, ex) -> Reply.json("{\"data\":" + items(0, 3) + ",\"next\":\"ht tp://::not a url\"}"));
        assertThat(ids(RestResource.of("items").paginator(Paginator.jsonLink("next")))).containsExactly(1, 2, 3);
        assertThat(api.requests("/items")).hasSize(1);
    }

    @Test
    void aNextLinkThatIsNotTextOrPointsBackStops() {
        api.on("/a", (req, ex) -> Reply.json("{\"data\":" + items(0, 3) + ",\"next\":{\"page\":2}}"));
        api.on("/b", (req, ex) -> Reply.json("{\"data\":" + items(3, 6) + ",\"next\":\"/b\"}"));
        assertThat(ids(RestResource.of("items").path("a").paginator(Paginator.jsonLink("next")))).hasSize(3);
        assertThat(ids(RestResource.of("items").path("b").paginator(Paginator.jsonLink("next")))).hasSize(3);
        assertThat(api.requests("/a")).hasSize(1);
        assertThat(api.requests("/b")).hasSize(1);
    }

    @Test
    void aCursorThatRepeatsOrIsAnObjectStops() {
        api.on("/same", (req, ex) -> Reply.json("{\"data\":" + items(0, 3) + ",\"cursors\":{\"next\":\"abc\"}}"));
        api.on("/obj", (req, ex) -> Reply.json("{\"data\":" + items(0, 3) + ",\"cursors\":{\"next\":{\"x\":1}}}"));
        assertThat(ids(RestResource.of("items").path("same").paginator(Paginator.of("cursor")))).hasSize(6);
        assertThat(api.requests("/same")).hasSize(2);
        assertThat(ids(RestResource.of("items").path("obj").paginator(Paginator.of("cursor")))).hasSize(3);
        assertThat(api.requests("/obj")).hasSize(1);
    }

    @Test
    void aPaginatorThatCouldNeverStopIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> ids(RestResource.of("items").paginator(Paginator.offset(10).with("total_path", "")
                .with("stop_after_empty_page", false))))
                .hasMessageStartingWith("resources[0].endpoint.paginator: the offset paginator would never stop");
        assertThat(api.seen).isEmpty();
    }

    @Test
    void hasMorePathStops() {
        api.on("/items", (req, ex) -> {
            int page = Integer.parseInt(req.query().get("page"));
            return Reply.json("{\"data\":" + items(page * PAGE, page * PAGE + PAGE) + ",\"more\":"
                    + ((page + 1) * PAGE < ITEMS) + "}");
        });
        assertThat(ids(RestResource.of("items").paginator(Paginator.pageNumber(0).with("total_path", "")
                .with("stop_after_empty_page", false).with("has_more_path", "more")))).hasSize(ITEMS);
        assertThat(api.requests("/items")).hasSize(3);
    }
}
