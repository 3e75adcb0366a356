package dev.dlt4j.source.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.source.rest.TestApi.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code {incremental.start_value}} across three runs, and the date-window mode, loaded into DuckDB. */
class IncrementalTest {
    @TempDir
    Path tmp;
    private TestApi api;
    /** The server's events: id and updated_at (ISO-8601 UTC). */
    private final List<Map<String, String>> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        api = new TestApi();
        api.on("/events", (req, ex) -> {
            String since = req.query().getOrDefault("since", req.query().get("from"));
            String until = req.query().get("to");
            String rows = events.stream()
                    .filter(e -> since == null || e.get("updated_at").compareTo(since) >= 0)
                    .filter(e -> until == null || e.get("updated_at").compareTo(until) < 0)
                    .map(e -> "{\"id\":" + e.get("id") + ",\"updated_at\":\"" + e.get("updated_at") + "\"}")
                    .collect(Collectors.joining(",", "[", "]"));
            return Reply.json("{\"data\":" + rows + "}");
        });
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void event(int id, String updatedAt) {
        events.add(Map.of("id", String.valueOf(id), "updated_at", updatedAt));
    }

    @Test
    void startValueInParamsLoadsEachItemOnceOverThreeRuns() {
        Map<String, Object> settings = Map.of("client", Map.of("base_url", api.url()), "resources", List.of(Map.of(
                "name", "events", "primary_key", "id", "endpoint", Map.of("data_selector", "data",
                        "paginator", "single_page", "params", Map.of("since", "{incremental.start_value}"),
                        "incremental", Map.of("cursor_path", "updated_at", "initial_value", "2024-01-01T00:00:00Z")))));
        Pipeline p = Loads.pipeline(tmp, "rest_inc");
        event(1, "2024-01-01T00:00:01Z");
        event(2, "2024-01-02T00:00:00Z");
        p.run(RestApiSource.fromSettings("feed", settings, p.config()));
        event(3, "2024-01-02T00:00:00Z"); // same cursor value as the last one loaded: still new
        event(4, "2024-01-03T00:00:00Z");
        p.run(RestApiSource.fromSettings("feed", settings, p.config()));
        event(5, "2024-01-04T00:00:00Z");
        p.run(RestApiSource.fromSettings("feed", settings, p.config()));

        assertThat(api.requests("/events").stream().map(s -> s.query().get("since")).toList())
                .containsExactly("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z");
        assertThat(Loads.column(tmp, "rest_inc", "select id from rest_data.events order by id"))
                .containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void aDateTimeStartValueGoesIntoTheRequestWithItsSeconds() {
        // a TOML date-time (initial_value = 2024-01-01T00:00:00Z, unquoted) or a typed cursor value is an
        // OffsetDateTime/LocalDateTime, whose toString() drops ":00" seconds; the API gets the full ISO text
        java.time.OffsetDateTime start = java.time.OffsetDateTime.parse("2024-01-01T00:00:00Z");
        assertThat(Placeholders.asText(start)).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(Placeholders.asText(java.time.LocalDateTime.parse("2024-01-01T01:00"))).isEqualTo("2024-01-01T01:00:00");
        assertThat(Placeholders.asText(java.time.Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(Placeholders.asText(null)).isEqualTo("None");
        PageRequest r = new PageRequest("GET", api.url() + "/events", Map.of("since", start), Map.of(), null);
        assertThat(r.uri().getQuery()).isEqualTo("since=2024-01-01T00:00:00Z");
    }

    @Test
    void dateWindowsCoverTheSpanAndTheNextRunStartsALookbackBeforeTheLastValue() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS);
        Map<String, Object> settings = Map.of("client", Map.of("base_url", api.url()), "resources", List.of(Map.of(
                "name", "events", "primary_key", "id", "write_disposition", "merge",
                "endpoint", Map.of("data_selector", "data", "paginator", "single_page",
                        "incremental", Map.of("cursor_path", "updated_at", "initial_value", start.toString(),
                                "start_param", "from", "end_param", "to", "window_size", "P1D",
                                "lookback", "PT1H")))));
        event(1, start.plus(1, ChronoUnit.HOURS).toString());
        event(2, start.plus(30, ChronoUnit.HOURS).toString());
        // seconds not zero: a lagged last value of whole minutes is compared as text "...T01:00Z" by the
        // extract's cursor filter (reported to branch inc), which would sort before "...T01:00:00Z"
        event(3, start.plus(50, ChronoUnit.HOURS).plusSeconds(30).toString());
        Pipeline p = Loads.pipeline(tmp, "rest_window");
        p.run(RestApiSource.fromSettings("feed", settings, p.config()));
        List<TestApi.Seen> first = List.copyOf(api.requests("/events"));
        // three whole days and the part of today up to now
        assertThat(first).hasSizeBetween(3, 4);
        assertThat(first.get(0).query()).containsEntry("from", start.toString())
                .containsEntry("to", start.plus(1, ChronoUnit.DAYS).toString());
        for (int i = 1; i < first.size(); i++) {
            assertThat(first.get(i).query().get("from")).isEqualTo(first.get(i - 1).query().get("to"));
        }
        api.seen.clear();
        event(4, start.plus(49, ChronoUnit.HOURS).plusSeconds(40).toString()); // arrived late, within the lookback
        p.run(RestApiSource.fromSettings("feed", settings, p.config()));
        assertThat(api.requests("/events").get(0).query()).containsEntry("from",
                start.plus(49, ChronoUnit.HOURS).plusSeconds(30).toString());
        assertThat(Loads.column(tmp, "rest_window", "select id from rest_data.events order by id"))
                .containsExactly("1", "2", "3", "4");
    }

    @Test
    void aParamWhoseStartValueIsNotKnownYetIsLeftOut() {
        Map<String, Object> settings = Map.of("client", Map.of("base_url", api.url()), "resources", List.of(Map.of(
                "name", "events", "endpoint", Map.of("data_selector", "data", "paginator", "single_page",
                        "params", Map.of("since", "{incremental.start_value}", "kind", "all"),
                        "incremental", Map.of("cursor_path", "updated_at")))));
        event(1, "2024-01-01T00:00:01Z");
        Pipeline p = Loads.pipeline(tmp, "rest_no_start");
        p.run(RestApiSource.fromSettings("feed", settings, p.config()));
        p.run(RestApiSource.fromSettings("feed", settings, p.config()));
        assertThat(api.requests("/events").stream().map(TestApi.Seen::query).toList())
                .containsExactly(Map.of("kind", "all"), Map.of("kind", "all", "since", "2024-01-01T00:00:01Z"));
    }

    @Test
    void aChildKeepsOneCursorPerParentItemWithPerParent() {
        api.on("/issues", (req, ex) -> {
            if (req.path().equals("/issues")) {
                return Reply.json("[{\"number\":1},{\"number\":2}]");
            }
            String issue = req.path().split("/")[2];
            String since = req.query().get("since");
            String rows = events.stream().filter(e -> e.get("id").startsWith(issue))
                    .filter(e -> e.get("updated_at").compareTo(since) >= 0)
                    .map(e -> "{\"id\":" + e.get("id") + ",\"updated_at\":\"" + e.get("updated_at") + "\"}")
                    .collect(Collectors.joining(",", "[", "]"));
            return Reply.json(rows);
        });
        Map<String, Object> settings = Map.of("client", Map.of("base_url", api.url()), "resources", List.of(
                Map.of("name", "issues", "endpoint", Map.of("paginator", "single_page")),
                Map.of("name", "comments", "primary_key", "id", "endpoint", Map.of("path",
                        "issues/{resources.issues.number}/comments", "paginator", "single_page",
                        "params", Map.of("since", "{incremental.start_value}"), "incremental", Map.of(
                                "cursor_path", "updated_at", "initial_value", "2024-01-01T00:00:00Z",
                                "per_parent", "number")))));
        event(11, "2024-05-01T00:00:00Z"); // issue 1's comment, late in the year
        event(21, "2024-02-01T00:00:00Z"); // issue 2's comment, early
        Pipeline p = Loads.pipeline(tmp, "rest_per_parent");
        p.run(RestApiSource.fromSettings("gh", settings, p.config()));
        event(22, "2024-03-01T00:00:00Z"); // new on issue 2, older than issue 1's cursor: one shared cursor would drop it
        api.seen.clear();
        p.run(RestApiSource.fromSettings("gh", settings, p.config()));
        assertThat(api.requests("/issues/1/comments").get(0).query()).containsEntry("since", "2024-05-01T00:00:00Z");
        assertThat(api.requests("/issues/2/comments").get(0).query()).containsEntry("since", "2024-02-01T00:00:00Z");
        assertThat(Loads.column(tmp, "rest_per_parent", "select id from rest_data.comments order by id"))
                .containsExactly("11", "21", "22");
    }
}
