package dev.dlt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dlt4j.Pipeline;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java builder example of {@code docs/rest_api.md}, run against a local server with GitHub's shape. */
class RestApiDocTest {
    @TempDir
    Path tmp;

    @Test
    void theBuilderExampleLoadsIssuesAndTheirCommentsWithoutTheBots() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/repos/o/r/";
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath();
                String query = ex.getRequestURI().getQuery();
                String body;
                if (!"Bearer t0k".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                if (path.endsWith("/issues") && !query.contains("page=2")) {
                    assertThat(query).contains("since=2024-01-01T00:00:00Z").contains("state=all");
                    ex.getResponseHeaders().add("Link", "<" + base + "issues?page=2>; rel=\"next\"");
                    body = "[{\"id\":1,\"number\":1,\"updated_at\":\"2024-02-01T00:00:00Z\"}]";
                } else if (path.endsWith("/issues")) {
                    body = "[{\"id\":2,\"number\":2,\"updated_at\":\"2024-03-01T00:00:00Z\"}]";
                } else {
                    String n = path.split("/")[5];
                    body = "[{\"id\":" + n + "1,\"author\":\"ann\"},{\"id\":" + n + "2,\"author\":\"bot\"}]";
                }
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
        });
        server.start();
        try {
            Pipeline p = Pipeline.builder("rest_doc").destination("duckdb:" + tmp.resolve("doc.duckdb"))
                    .dataset("github_data").pipelinesDir(tmp.resolve("pipelines")).build();
            p.run(DocsExamples.restApi(base, "t0k"));
            assertThat(p.rowCounts().orElseThrow()).containsEntry("issues", 2L).containsEntry("comments", 2L);
        } finally {
            server.stop(0);
        }
    }
}
