package dev.dlt4j.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Source;
import dev.dlt4j.source.rest.TestApi.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parent-child resources through placeholders, loaded into DuckDB and read back. */
class ParentChildTest {
    @TempDir
    Path tmp;
    private TestApi api;

    @BeforeEach
    void start() throws IOException {
        api = new TestApi();
        api.on("/issues", (req, ex) -> {
            String path = req.path();
            if (path.equals("/issues")) {
                int page = Integer.parseInt(req.query().getOrDefault("page", "1"));
                return Reply.json(page == 1
                        ? "{\"items\":[{\"id\":1,\"number\":10},{\"id\":2,\"number\":20}],\"next\":\"/issues?page=2\"}"
                        : "{\"items\":[{\"id\":3,\"number\":30}],\"next\":null}");
            }
            // /issues/<number>/comments, two pages each, the second through a header cursor
            int number = Integer.parseInt(path.split("/")[2]);
            assertThat(req.query()).containsEntry("issue_id", String.valueOf(number / 10));
            assertThat(req.header("X-Issue")).isEqualTo(String.valueOf(number));
            boolean second = req.query().containsKey("after");
            Reply r = Reply.json("[{\"id\":" + (number * 100 + (second ? 2 : 1)) + ",\"body\":\"c\"}]");
            return second ? r : r.header("X-Next", "p2");
        });
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Map<String, Object> settings(boolean parallelized) {
        return Map.of(
                "client", Map.of("base_url", api.url()),
                "resource_defaults", Map.of("primary_key", "id", "write_disposition", "merge"),
                "resources", List.of(
                        Map.of("name", "issues", "endpoint", Map.of("path", "issues", "data_selector", "items",
                                "paginator", Map.of("type", "json_link", "next_url_path", "next"))),
                        Map.of("name", "comments", "parallelized", parallelized, "include_from_parent",
                                List.of("id", "number"), "endpoint", Map.of(
                                "path", "issues/{resources.issues.number}/comments",
                                "params", Map.of("issue_id", "{resources.issues.id}"),
                                "headers", Map.of("X-Issue", "{resources.issues.number}"),
                                "paginator", Map.of("type", "header_cursor", "cursor_key", "X-Next",
                                        "cursor_param", "after")))));
    }

    private void loadsEveryChildOfEveryParent(boolean parallelized) {
        String name = parallelized ? "rest_children_par" : "rest_children";
        Pipeline p = Loads.pipeline(tmp, name);
        Source source = RestApiSource.fromSettings("gh", settings(parallelized), p.config());
        p.run(source);
        assertThat(Loads.column(tmp, name, "select id from rest_data.issues order by id")).containsExactly("1", "2", "3");
        assertThat(Loads.column(tmp, name, "select id || ':' || _issues_id || ':' || _issues_number"
                + " from rest_data.comments order by id")).containsExactly("1001:1:10", "1002:1:10", "2001:2:20",
                "2002:2:20", "3001:3:30", "3002:3:30");
        if (!parallelized) {
            // a second run merges on the primary key: still one row per comment
            p.run(RestApiSource.fromSettings("gh", settings(parallelized), p.config()));
            assertThat(Loads.column(tmp, name, "select count(*) from rest_data.comments")).containsExactly("6");
        }
    }

    @Test
    void childRequestsCarryTheParentsFieldsInPathParamsAndHeaders() {
        loadsEveryChildOfEveryParent(false);
    }

    @Test
    void parallelizedChildrenLoadTheSameRows() {
        loadsEveryChildOfEveryParent(true);
    }

    @Test
    void aParentFieldThatDoesNotExistFailsTheRunNamingTheFieldsThereAre() {
        Map<String, Object> s = Map.of("client", Map.of("base_url", api.url()), "resources", List.of(
                Map.of("name", "issues", "endpoint", Map.of("data_selector", "items", "paginator", "single_page")),
                Map.of("name", "comments", "endpoint", Map.of("path", "issues/{resources.issues.numbr}/comments"))));
        Pipeline p = Loads.pipeline(tmp, "rest_missing_field");
        assertThatThrownBy(() -> p.run(RestApiSource.fromSettings("gh", s, p.config())))
                .hasStackTraceContaining("resource comments (resources[1]) needs field 'numbr' of its parent issues for"
                        + " placeholder {resources.issues.numbr}, but the parent's item has no such field; did you mean"
                        + " 'number'?; its fields are [id, number]");
        assertThat(api.requests("/issues/10/comments")).isEmpty();
    }

    @Test
    void aPlaceholderNamingAnUnknownResourceIsRefusedBeforeAnyRequest() {
        Map<String, Object> s = Map.of("client", Map.of("base_url", api.url()), "resources", List.of("issues",
                Map.of("name", "comments", "endpoint", "issues/{resources.isues.number}/comments")));
        assertThatThrownBy(() -> RestApiSource.plan("gh", s, (sections, key) -> Optional.empty()))
                .hasMessage("resources[1].endpoint: placeholder {resources.isues.number} names resource 'isues', which"
                        + " is not defined; did you mean 'issues'?; resources: issues, comments");
        Map<String, Object> ctx = Map.of("client", Map.of("base_url", api.url()), "resources", List.of("issues",
                Map.of("name", "comments", "endpoint", Map.of("path", "c", "params", Map.of("x", "{resource.issues.id}")))));
        assertThatThrownBy(() -> RestApiSource.plan("gh", ctx, (sections, key) -> Optional.empty()))
                .hasMessageStartingWith("resources[1].endpoint.params: placeholder {resource.issues.id} is not valid;"
                        + " did you mean 'resources'?");
        assertThat(api.seen).isEmpty();
    }
}
