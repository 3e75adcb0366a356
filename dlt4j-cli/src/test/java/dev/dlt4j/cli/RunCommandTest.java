package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dlt4j run} with good and bad pipeline files against a local HTTP server, into DuckDB. */
class RunCommandTest {
    private static final String TOKEN = "tok-9f8e7d";
    @TempDir
    Path tmp;
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/", ex -> {
            try (ex) {
                URI u = ex.getRequestURI();
                requests.add(u.getPath() + (u.getQuery() == null ? "" : "?" + u.getQuery()));
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                String path = ex.getRequestURI().getPath();
                String body;
                int status = 200;
                if (!("Bearer " + TOKEN).equals(auth)) {
                    status = 401;
                    body = "{\"message\":\"Bad credentials\"}";
                } else if (path.equals("/issues")) {
                    body = "{\"items\":[{\"id\":1,\"number\":7,\"updated_at\":\"2024-02-01T00:00:00Z\"},"
                            + "{\"id\":2,\"number\":8,\"updated_at\":\"2024-03-01T00:00:00Z\"}]}";
                } else {
                    String n = path.split("/")[2];
                    body = "[{\"id\":" + n + "01,\"body\":\"first\"}]";
                }
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, b.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    record Result(int code, String out, String err) {
    }

    private Result run(Map<String, String> env, String... args) {
        CommandLine cl = Main.withOneLineErrors(new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RunCommand.class ? cls.cast(new RunCommand(env)) : CommandLine.defaultFactory().create(cls);
            }
        }));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path file(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String goodFile() {
        return """
                [pipeline]
                name = "run_github"
                destination = "duckdb:%s"
                dataset = "github_data"
                pipelines_dir = "%s"

                [sources.github]
                type = "rest_api"
                client = { base_url = "%s", headers = { X-Template = "$${not_an_env_var}" }, auth = { type = "bearer", token = "${GH_TOKEN}" } }
                resource_defaults = { primary_key = "id", write_disposition = "merge" }
                resources = [
                  { name = "issues", endpoint = { path = "issues", data_selector = "items", paginator = "single_page", params = { since = "{incremental.start_value}" }, incremental = { cursor_path = "updated_at", initial_value = "2024-01-01T00:00:00Z" } } },
                  { name = "comments", include_from_parent = ["number"], endpoint = { path = "issues/{resources.issues.number}/comments", paginator = "single_page" } },
                ]
                """.formatted(tmp.resolve("gh.duckdb"), tmp.resolve("pipelines"), url());
    }

    private List<String> column(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("gh.duckdb"));
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @Test
    void runsAPipelineFileIntoDuckDb() throws Exception {
        Path f = file("pipeline.toml", goodFile());
        Result r = run(Map.of("GH_TOKEN", TOKEN), "run", f.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("source github (rest_api)").contains("loaded");
        assertThat(column("select id from github_data.issues order by id")).containsExactly("1", "2");
        assertThat(column("select id || ':' || _issues_number from github_data.comments order by id"))
                .containsExactly("701:7", "801:8");
        assertThat(requests).contains("/issues?since=2024-01-01T00:00:00Z");
        // the next run starts from the cursor
        requests.clear();
        assertThat(run(Map.of("GH_TOKEN", TOKEN), "run", f.toString()).code()).isZero();
        assertThat(requests).contains("/issues?since=2024-03-01T00:00:00Z");
    }

    @Test
    void dryRunResolvesASecretFromSecretsTomlPrintsThePlanAndRequestsNothing() throws Exception {
        Files.createDirectories(tmp.resolve(".dlt"));
        Files.writeString(tmp.resolve(".dlt/secrets.toml"), "[sources.github.client.auth]\ntoken = \"" + TOKEN + "\"\n");
        Path f = file("pipeline.toml", goodFile().replace(", token = \"${GH_TOKEN}\"", ""));
        Result r = run(Map.of(), "run", f.toString(), "--dry-run", "--project-dir", tmp.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("Pipeline run_github: duckdb at ")
                .contains("dataset github_data")
                .contains("resource issues: GET " + url() + "/issues params {since={incremental.start_value}}")
                .contains("paginator single_page; data_selector items")
                .contains("auth bearer token ***")
                .contains("header X-Template: ${not_an_env_var}")
                .contains("incremental on updated_at from 2024-01-01T00:00:00Z")
                .contains("child of issues (once per issues item); include_from_parent [number]")
                .contains("table comments, write_disposition merge, primary_key [id]")
                .contains("nothing was requested or loaded")
                .doesNotContain(TOKEN);
        assertThat(requests).isEmpty();
        assertThat(tmp.resolve("gh.duckdb")).doesNotExist();
    }

    private void refused(String text, String expected) throws IOException {
        Path f = file("bad.toml", text);
        Result r = run(Map.of("GH_TOKEN", TOKEN), "run", f.toString(), "--dry-run");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("dlt4j: " + f + ":").contains(expected).doesNotContain(TOKEN);
        Result real = run(Map.of("GH_TOKEN", TOKEN), "run", f.toString());
        assertThat(real.code()).isEqualTo(1);
        assertThat(real.err()).isEqualTo(r.err());
        assertThat(requests).isEmpty();
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLineAndADidYouMean() throws IOException {
        refused(goodFile().replace("include_from_parent", "include_form_parent"),
                ":13: [sources.github] resources[1].include_form_parent: unknown key 'include_form_parent'; did you"
                        + " mean 'include_from_parent'?");
    }

    @Test
    void aWrongPaginatorTypeIsRefusedWithItsLine() throws IOException {
        refused(goodFile().replace("paginator = \"single_page\" } },\n  ]", "paginator = { type = \"jsonlink\" } } },\n  ]")
                .replace("paginator = \"single_page\" } },\n]", "paginator = { type = \"jsonlink\" } } },\n]"),
                ":13: [sources.github] resources[1].endpoint.paginator.type: unknown paginator type 'jsonlink'; did you"
                        + " mean 'json_link'?");
    }

    @Test
    void aPlaceholderNamingNoResourceIsRefusedWithItsLine() throws IOException {
        refused(goodFile().replace("{resources.issues.number}", "{resources.issue.number}"),
                ":13: [sources.github] resources[1].endpoint: placeholder {resources.issue.number} names resource"
                        + " 'issue', which is not defined; did you mean 'issues'?");
    }

    @Test
    void anUnknownSourceTypeAndAMissingEnvVarAreRefusedWithTheirLines() throws IOException {
        refused(goodFile().replace("type = \"rest_api\"", "type = \"restapi\""),
                ":8: [sources.github] type 'restapi' is not a source type; did you mean 'rest_api'?");
        refused(goodFile().replace("${GH_TOKEN}", "${GH_TOKN}"),
                ":9: [sources.github] client.auth.token uses ${GH_TOKN}, which is not set in the environment; did you"
                        + " mean 'GH_TOKEN'?");
    }

    @Test
    void anUnknownPipelineKeyAndInvalidTomlAreRefused() throws IOException {
        refused(goodFile().replace("dataset =", "datset ="), ":4: unknown key 'datset' in [pipeline]; did you mean"
                + " 'dataset'?");
        refused(goodFile().replace("name = \"run_github\"", "name = run_github"), ":2:8: not valid TOML");
    }

    @Test
    void onlyRunsTheNamedSourceAndRefusesAnUnknownOne() throws IOException {
        Path f = file("pipeline.toml", goodFile());
        Result r = run(Map.of("GH_TOKEN", TOKEN), "run", f.toString(), "--only", "gitub");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--only gitub: no source [sources.gitub]; did you mean 'github'?");
    }

    @Test
    void helpShowsACompleteExample() {
        Result r = run(Map.of(), "run", "--help");
        assertThat(r.out()).contains("[pipeline]").contains("type = \"rest_api\"").contains("type = \"sql_database\"")
                .contains("{resources.issues.number}").contains("--dry-run").contains("--only");
    }

    /**
     * picocli expands {@code ${NAME}} in help texts from system properties and the environment: the
     * example's {@code ${GITHUB_TOKEN}} printed the user's token (or "null") instead of itself.
     */
    @Test
    void helpShowsThePlaceholdersAsWrittenNeverTheirValues() {
        System.setProperty("GITHUB_TOKEN", "ghp_rev15_must_not_show");
        System.setProperty("ENV_VAR", "rev15_env_value");
        try {
            Result r = run(Map.of(), "run", "--help");
            assertThat(r.out()).contains("token = \"${GITHUB_TOKEN}\"").contains("A value may be literal, ${ENV_VAR},")
                    .doesNotContain("ghp_rev15_must_not_show").doesNotContain("rev15_env_value");
        } finally {
            System.clearProperty("GITHUB_TOKEN");
            System.clearProperty("ENV_VAR");
        }
    }

    @Test
    void theExampleFileIsValid() {
        Result r = run(Map.of("GITHUB_TOKEN", TOKEN), "run", Path.of("..", "examples", "github.toml").toString(),
                "--dry-run", "--project-dir", tmp.toString(), "--pipelines-dir", tmp.resolve("pipelines").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("resource issues: GET https://api.github.com/repos/dlt-hub/dlt/issues")
                .contains("paginator header_link").contains("child of issues (once per issues item, parallelized)");
    }

    @Test
    void theDocsPipelineFileIsTheExampleFile() throws IOException {
        // docs/rest_api.md says "This is examples/github.toml": the same lines, comments aside
        String example = Files.readString(Path.of("..", "examples", "github.toml")).lines()
                .filter(l -> !l.startsWith("#")).dropWhile(String::isBlank).collect(java.util.stream.Collectors.joining("\n"));
        String docs = Files.readString(Path.of("..", "docs", "rest_api.md"));
        int start = docs.indexOf("```toml\n") + "```toml\n".length();
        assertThat(docs.substring(start, docs.indexOf("```", start)).strip()).isEqualTo(example.strip());
    }

    @Test
    void aFileWithARestAndAnSqlSourceLoadsBothIntoDuckDb() throws Exception {
        try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            pg.createStatement().execute("DROP SCHEMA IF EXISTS rest_run CASCADE; CREATE SCHEMA rest_run;"
                    + " CREATE TABLE rest_run.orders (id int PRIMARY KEY, total numeric(10,2));"
                    + " INSERT INTO rest_run.orders VALUES (1, 9.90), (2, 20.00)");
        }
        Path f = file("pipeline.toml", goodFile() + """

                [sources.orders]
                type = "sql_database"
                credentials = "postgresql://postgres@127.0.0.1:5432/test"
                schema = "rest_run"
                table_names = ["orders"]
                """);
        Result dry = run(Map.of("GH_TOKEN", TOKEN), "run", f.toString(), "--dry-run");
        assertThat(dry.err()).isEmpty();
        assertThat(dry.out()).contains("source github (rest_api)").contains("source orders (sql_database)");
        Result r = run(Map.of("GH_TOKEN", TOKEN), "run", f.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(column("select count(*) from github_data.issues")).containsExactly("2");
        assertThat(column("select id || ':' || total from github_data.orders order by id"))
                .containsExactly("1:9.90", "2:20.00");
        Result onlyOrders = run(Map.of("GH_TOKEN", TOKEN), "run", f.toString(), "--only", "orders");
        assertThat(onlyOrders.out()).contains("source orders (sql_database)").doesNotContain("source github");
    }

    /**
     * Issue 16's example pipeline file, word for word; in the test the REST base URL points at the local
     * server and the DuckDB file (relative: to the working directory, as in dlt) into the temp folder.
     */
    static final String ISSUE_16_FILE = """
            [pipeline]
            name = "github"
            destination = "duckdb:github.duckdb"
            dataset = "github_data"

            [sources.issues]
            type = "rest_api"
            client = { base_url = "https://api.github.com/repos/o/r/", auth = { type = "bearer", token = "${GITHUB_TOKEN}" } }
            resources = [ { name = "issues", primary_key = "id", write_disposition = "merge", endpoint = { path = "issues", params = { since = "{incremental.start_value}" }, incremental = { cursor_path = "updated_at", initial_value = "2024-01-01T00:00:00Z" } } } ]

            [sources.orders]
            type = "sql_database"
            credentials = "postgresql://postgres@127.0.0.1:5432/test"
            tables = ["public.orders"]
            """;

    @Test
    void theIssuesExamplePipelineFileRunsAndDryRuns() throws Exception {
        // public.orders because the example names it; created here and dropped again (no other test uses it)
        try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            pg.createStatement().execute("DROP TABLE IF EXISTS public.orders;"
                    + " CREATE TABLE public.orders (id int PRIMARY KEY, total numeric(10,2));"
                    + " INSERT INTO public.orders VALUES (1, 9.90), (2, 20.00)");
        }
        Path project = Files.createDirectories(tmp.resolve("project"));
        // the GitHub issues endpoint returns a bare JSON array: the REST part is the local server's /issues
        server.createContext("/repos/o/r/issues", ex -> {
            try (ex) {
                URI u = ex.getRequestURI();
                requests.add(u.getPath() + (u.getQuery() == null ? "" : "?" + u.getQuery()));
                int status = ("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization")) ? 200 : 401;
                byte[] b = "[{\"id\":1,\"updated_at\":\"2024-02-01T00:00:00Z\"},{\"id\":2,\"updated_at\":\"2024-03-01T00:00:00Z\"}]"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, b.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
        });
        try {
            Path db = project.resolve("github.duckdb");
            Path f = file("pipeline.toml", ISSUE_16_FILE.replace("https://api.github.com/", url() + "/")
                    .replace("duckdb:github.duckdb", "duckdb:" + db));
            Map<String, String> env = Map.of("GITHUB_TOKEN", TOKEN);
            String pipelines = tmp.resolve("pipelines").toString();
            Result dry = run(env, "run", f.toString(), "--dry-run", "--project-dir", project.toString(),
                    "--pipelines-dir", pipelines);
            assertThat(dry.err()).isEmpty();
            assertThat(dry.code()).isZero();
            assertThat(dry.out()).contains("source issues (rest_api)").contains("source orders (sql_database)");
            assertThat(requests).as("--dry-run requests nothing").isEmpty();

            Result r = run(env, "run", f.toString(), "--project-dir", project.toString(), "--pipelines-dir", pipelines);
            assertThat(r.err()).isEmpty();
            assertThat(r.code()).isZero();
            assertThat(requests).containsExactly("/repos/o/r/issues?since=2024-01-01T00:00:00Z");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
                    ResultSet rs = c.createStatement().executeQuery("SELECT (SELECT count(*) FROM github_data.issues)"
                            + " || '/' || (SELECT string_agg(id || ':' || total, ',' ORDER BY id) FROM github_data.orders)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("2/1:9.90,2:20.00");
            }
        } finally {
            try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                pg.createStatement().execute("DROP TABLE IF EXISTS public.orders");
            }
        }
    }
}
