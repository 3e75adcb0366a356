package dev.dlt4j.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Config;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings refused when the source is built, each message starting with the key path; no server needed. */
class SettingsErrorsTest {
    private static final Config NONE = (sections, key) -> Optional.empty();
    private static final Map<String, Object> CLIENT = Map.of("base_url", "http://127.0.0.1:9/api");

    private static List<String> plan(Object... resources) {
        return RestApiSource.plan("src", Map.of("client", CLIENT, "resources", List.of(resources)), NONE);
    }

    private static void refused(String message, Object... resources) {
        assertThatThrownBy(() -> plan(resources)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void unknownKeysAreNamedWithADidYouMean() {
        refused("resources[0].endpoint.paginatr: unknown key 'paginatr'; did you mean 'paginator'?; allowed here: auth,"
                + " data_selector, headers, incremental, json, method, paginator, params, path",
                Map.of("name", "a", "endpoint", Map.of("paginatr", "auto")));
        assertThatThrownBy(() -> RestApiSource.plan("src", Map.of("client", Map.of("baseurl", "x"), "resources",
                List.of("a")), NONE)).hasMessageStartingWith("client.baseurl: unknown key 'baseurl'; did you mean"
                        + " 'base_url'?");
        assertThatThrownBy(() -> RestApiSource.plan("src", Map.of("client", CLIENT, "resource", List.of("a")), NONE))
                .hasMessageStartingWith("resource: unknown key 'resource'; did you mean 'resources'?");
    }

    @Test
    void paginatorTypesAndTheirKeys() {
        refused("resources[0].endpoint.paginator: unknown paginator type 'header-link'; did you mean 'header_link'?;"
                + " allowed: json_link, json_response, header_link, header_cursor, auto, single_page, cursor, offset,"
                + " page_number", Map.of("name", "a", "endpoint", Map.of("paginator", "header-link")));
        refused("resources[0].endpoint.paginator.limit: the offset paginator needs a limit (items per page)",
                Map.of("name", "a", "endpoint", Map.of("paginator", Map.of("type", "offset"))));
        refused("resources[0].endpoint.paginator.cursor_body_path: give cursor_param or cursor_body_path, not both",
                Map.of("name", "a", "endpoint", Map.of("paginator", Map.of("type", "cursor", "cursor_param", "c",
                        "cursor_body_path", "c"))));
        refused("resources[0].endpoint.paginator: a POST endpoint pages with cursor, offset or page_number (params or"
                + " *_body_path), or single_page; json_link (next URL at next) would resend the body to each next URL",
                Map.of("name", "a", "endpoint", Map.of("method", "POST", "paginator", "json_link")));
        assertThat(plan(Map.of("name", "a", "endpoint", Map.of("paginator", "json_response"))))
                .anyMatch(l -> l.contains("paginator json_link (next URL at next)"));
    }

    @Test
    void placeholdersAndParents() {
        refused("resources[0].endpoint: placeholder {resources.a.id} names the resource itself; a child names its"
                + " parent", Map.of("name", "a", "endpoint", "a/{resources.a.id}"));
        refused("resources[0].endpoint.path: placeholder {id} in 'a/{id}' has no value: add it to endpoint.params, or"
                + " write {resources.<parent>.<field>}", Map.of("name", "a", "endpoint", "a/{id}"));
        refused("resources[0].endpoint.params: placeholder {incremental.start_value} is not valid: placeholders start"
                + " with resources. ({incremental.*} needs endpoint.incremental); write {{ and }} for literal braces",
                Map.of("name", "a", "endpoint", Map.of("params", Map.of("since", "{incremental.start_value}"))));
        refused("resources[0].endpoint: placeholder {incremental.start_valu} is not valid; did you mean 'start_value'?;"
                + " allowed: [{incremental.start_value}, {incremental.initial_value}, {incremental.last_value},"
                + " {incremental.end_value}]", Map.of("name", "a", "endpoint", Map.of("params", Map.of("since",
                "{incremental.start_valu}"), "incremental", Map.of("cursor_path", "t"))));
        refused("resources[0].include_from_parent: resource 'a' has no parent: include_from_parent needs a"
                + " {resources.<parent>.<field>} placeholder in its endpoint",
                Map.of("name", "a", "include_from_parent", List.of("id")));
        refused("resources[0]: resources [a, b] are each other's parents",
                Map.of("name", "a", "endpoint", "a/{resources.b.id}/x"),
                Map.of("name", "b", "endpoint", "b/{resources.a.id}/x"));
        refused("resources[1].name: resource 'a' is already defined (at resources[0])", "a", "a");
        // a literal brace is written twice, and dlt's legacy resolve param binds a path placeholder
        assertThat(plan(Map.of("name", "q", "endpoint", Map.of("method", "POST", "paginator", "single_page", "json",
                Map.of("query", "{{ viewer {{ login }} }}"))), Map.of("name", "c", "endpoint", Map.of("path",
                "c/{cid}/x", "params", Map.of("cid", Map.of("type", "resolve", "resource", "q", "field", "id"))))))
                .anyMatch(l -> l.contains("resource c: GET http://127.0.0.1:9/api/c/{resources.q.id}/x"))
                .anyMatch(l -> l.contains("child of q"));
    }

    @Test
    void incrementalAndWindows() {
        refused("resources[0].endpoint.incremental.cursor_path: an incremental needs the cursor_path of the items'"
                + " cursor field", Map.of("name", "a", "endpoint", Map.of("incremental", Map.of("initial_value", 1))));
        refused("resources[0].endpoint.incremental.end_param: the date-window mode (window_size) needs start_param and"
                + " end_param: the query params that take each window's start and end", Map.of("name", "a", "endpoint",
                Map.of("incremental", Map.of("cursor_path", "t", "initial_value", "2024-01-01", "window_size", "P1D",
                        "start_param", "from"))));
        refused("resources[0].endpoint.incremental.window_size: must be an ISO-8601 duration such as \"P1D\" or"
                + " \"PT6H\", or a number of seconds; got text '1 day'", Map.of("name", "a", "endpoint",
                Map.of("incremental", Map.of("cursor_path", "t", "window_size", "1 day"))));
        refused("resources[0].endpoint.incremental.row_order: unknown value 'ascending'; allowed: asc, desc",
                Map.of("name", "a", "endpoint", Map.of("incremental", Map.of("cursor_path", "t", "row_order",
                        "ascending"))));
    }

    @Test
    void resourceHints() {
        refused("resources[0].write_disposition: unknown write disposition 'merg'; did you mean 'merge'?; allowed:"
                + " append, replace, merge, skip", Map.of("name", "a", "write_disposition", "merg"));
        refused("resources[0].write_disposition.row_version_column_name: is an option of merge strategy scd2, and this"
                + " resource's strategy is upsert; set strategy = \"scd2\" or leave the option out",
                Map.of("name", "a", "write_disposition", Map.of("disposition", "merge", "strategy", "upsert",
                        "row_version_column_name", "h")));
        refused("resources[0].write_disposition.validity_column_names: must name two columns, [\"<valid from>\","
                + " \"<valid to>\"]; got 1", Map.of("name", "a", "write_disposition", Map.of("disposition", "merge",
                        "strategy", "scd2", "validity_column_names", "from")));
        refused("resources[0].write_disposition.active_record_timestamp: 'forever' is not a timestamp; expected"
                + " ISO 8601, e.g. 9999-12-31T00:00:00Z or 9999-12-31", Map.of("name", "a", "write_disposition",
                        Map.of("disposition", "merge", "strategy", "scd2", "active_record_timestamp", "forever")));
        refused("resources[0].write_disposition: scd2 row_version_column_name 'to' is one of the validity columns;"
                + " name another column", Map.of("name", "a", "write_disposition", Map.of("disposition", "merge",
                        "strategy", "scd2", "validity_column_names", List.of("from", "to"),
                        "row_version_column_name", "to")));
        refused("resources[0].processing_steps: filter and map steps are code: give them with"
                + " RestResource.filter(...) / .map(...) of the Java builder",
                Map.of("name", "a", "processing_steps", List.of(Map.of("filter", "x"))));
        refused("resources[0].endpoint.method: unknown method 'PUT'; allowed: GET, POST",
                Map.of("name", "a", "endpoint", Map.of("method", "put")));
        refused("resources[0].endpoint.data_selector: JSONPath '$.data[?(@.x)]' is not supported at position 6;"
                + " supported: $, dotted names (a.b), ['name'], [index], [*], .* and ..name",
                Map.of("name", "a", "endpoint", Map.of("data_selector", "$.data[?(@.x)]")));
    }

    @Test
    void aParentNotSelectedIsNotInTheSource() {
        var source = RestApiSource.fromSettings("src", Map.of("client", CLIENT, "resources", List.of(
                Map.of("name", "a", "selected", false), Map.of("name", "b", "endpoint", "b/{resources.a.id}/x"))),
                NONE);
        assertThat(source.resources()).extracting(r -> r.name()).containsExactly("b");
    }
}
