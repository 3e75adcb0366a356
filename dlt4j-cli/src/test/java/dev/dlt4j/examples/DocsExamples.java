package dev.dlt4j.examples;

import dev.dlt4j.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.dlt4j.Column;
import dev.dlt4j.ColumnHint;
import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.Incremental;
import dev.dlt4j.IncrementalCursor;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.Pipeline;
import dev.dlt4j.ProgressCollector;
import dev.dlt4j.RowOrder;
import dev.dlt4j.Refresh;
import dev.dlt4j.Resource;
import dev.dlt4j.SchemaContract;
import dev.dlt4j.SortOrder;
import dev.dlt4j.Source;
import dev.dlt4j.StepTrace;
import dev.dlt4j.Transformer;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.config.ConfigDeclarations;
import dev.dlt4j.config.ConfigKey;
import java.nio.file.Path;
import dev.dlt4j.source.filesystem.FileColumn;
import dev.dlt4j.source.filesystem.FilesystemSource;
import dev.dlt4j.source.rest.Paginator;
import dev.dlt4j.source.rest.RestApiSource;
import dev.dlt4j.source.rest.RestAuth;
import dev.dlt4j.source.rest.RestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * The Java examples of {@code docs/*.md}, compiled (and, where they load into a pipeline they are
 * given, run by {@link DocsTest}): the text between {@code // doc:NAME} and {@code // end:NAME} is an
 * example of a page character for character (after removing the common indentation). The fields and
 * helpers stand for what the pages leave to the reader (an {@code api}, {@code rows}, ...).
 */
@SuppressWarnings({"unchecked", "unused"})
final class DocsExamples {
    /** A paged API with orders, users and issues: each page is one {@code List} of rows. */
    static final class Api {
        Iterator<List<Map<String, Object>>> orderPages() {
            return List.<List<Map<String, Object>>>of(List.of(
                    new HashMap<>(Map.of("id", 1, "status", "paid", "lines", List.of("A-1", "B-2"))),
                    new HashMap<>(Map.of("id", 2, "status", "test", "lines", List.of("C-3"))),
                    new HashMap<>(Map.of("id", 3, "status", "paid", "lines", List.of("D-4"))))).iterator();
        }

        Iterator<List<Map<String, Object>>> userPages() {
            return List.<List<Map<String, Object>>>of(List.of(Map.of("id", 1), Map.of("id", 2)),
                    List.of(Map.of("id", 3))).iterator();
        }

        Iterator<Map<String, Object>> issuesSince(String since) {
            return List.<Map<String, Object>>of(Map.of("id", 1, "since", since)).iterator();
        }

        // incremental.md: data that grows between runs; the tests add to these lists
        final List<Map<String, Object>> orders = new ArrayList<>();
        final List<Map<String, Object>> customers = new ArrayList<>();
        final List<Map<String, Object>> events = new ArrayList<>();
        final List<Map<String, Object>> issues = new ArrayList<>();
        final Map<Object, List<Map<String, Object>>> commentsByIssue = new HashMap<>();
        /** Rows the API handed out, to show what a pushed-down cursor saves. */
        int served;

        /** Orders updated at or after {@code since}, in pages of two, oldest first. */
        Iterator<List<Map<String, Object>>> ordersUpdatedSince(Instant since) {
            List<Map<String, Object>> matching = orders.stream()
                    .filter(o -> !((Instant) o.get("updated_at")).isBefore(since)).toList();
            served += matching.size();
            return pagesOf(matching);
        }

        Iterator<List<Map<String, Object>>> customerPages() {
            return pagesOf(customers);
        }

        Iterator<List<Map<String, Object>>> eventsNewestFirst() {
            List<Map<String, Object>> newest = new ArrayList<>(events);
            newest.sort((a, b) -> Long.compare(((Number) b.get("id")).longValue(), ((Number) a.get("id")).longValue()));
            Iterator<List<Map<String, Object>>> pages = pagesOf(newest);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return pages.hasNext();
                }

                @Override
                public List<Map<String, Object>> next() {
                    List<Map<String, Object>> page = pages.next();
                    served += page.size();
                    return page;
                }
            };
        }

        Iterator<List<Map<String, Object>>> issuePages() {
            return pagesOf(issues);
        }

        /** The comments of one issue updated at or after {@code since} (all when it is null). */
        List<Map<String, Object>> comments(Object number, Object since) {
            return commentsByIssue.getOrDefault(number, List.of()).stream()
                    .filter(c -> since == null || !((Instant) c.get("updated_at")).isBefore((Instant) since)).toList();
        }

        private static Iterator<List<Map<String, Object>>> pagesOf(List<Map<String, Object>> rows) {
            List<List<Map<String, Object>>> pages = new ArrayList<>();
            for (int i = 0; i < rows.size(); i += 2) {
                pages.add(List.copyOf(rows.subList(i, Math.min(rows.size(), i + 2))));
            }
            return pages.iterator();
        }
    }

    /** An order of {@code extract.md}: its lines become rows of their own. */
    record Order(long id, List<String> codes) {
        List<Map<String, Object>> lines() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (String code : codes) {
                out.add(Map.of("order_id", id, "code", code));
            }
            return out;
        }
    }

    final Api api = new Api();

    static Object enrich(Map<String, Object> row) {
        return new Order(((Number) row.get("id")).longValue(), (List<String>) row.get("lines"));
    }

    static List<Map<String, Object>> fetchDetails(List<?> page) {
        List<Map<String, Object>> details = new ArrayList<>();
        for (Object user : page) {
            details.add(Map.of("user_id", ((Map<?, ?>) user).get("id"), "detail", "d"));
        }
        return details;
    }

    // configuration.md
    // doc:configDeclarations
    public final class MyDestinationKeys implements ConfigDeclarations {
        public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.define("destination.mydest", "batch_size")
                .integerAtLeast(1).defaultValue(1000).description("Rows per INSERT batch.").build();

        @Override public String module() { return "mydest"; }
        @Override public List<ConfigKey<?>> keys() { return List.of(BATCH_SIZE); }
    }
    // META-INF/services/dev.dlt4j.config.ConfigDeclarations: com.example.MyDestinationKeys
    // end:configDeclarations

    /** destinations.md: compiled, not run (it names a server and a folder of the reader's). */
    static void destinations() {
        // doc:destinations
        Pipeline.builder("shop").destination("postgresql://loader:secret@127.0.0.1:5432/shop").build();
        Pipeline.builder("shop").destination("file:///data/lake?format=parquet").build();
        // end:destinations
    }

    /** A row of extract.md's typed path example: every component scalar. */
    record Payment(long id, String customer, java.math.BigDecimal amount, Instant paidAt) {
    }

    /** extract.md, the typed path: the same two payments as a typed page and as records, into {@code pipeline}. */
    static void typedPath(Pipeline pipeline) {
        // doc:typedPath
        ColumnPage page = ColumnPage.builder()
                .column("id", DataType.BIGINT)
                .column("customer", DataType.TEXT)
                .column("amount", DataType.DECIMAL)
                .column("paid_at", DataType.TIMESTAMP)
                .row(1L, "ada", new java.math.BigDecimal("12.50"), Instant.parse("2024-05-01T10:00:00Z"))
                .row(2L, null, new java.math.BigDecimal("3.10"), Instant.parse("2024-05-02T11:30:00Z"))
                .build();
        pipeline.run(Resource.of("payments", List.of(page)));            // one page: one item

        List<Payment> records = List.of(                                  // records of one scalar class
                new Payment(3, "bob", new java.math.BigDecimal("7.00"), Instant.parse("2024-05-03T09:00:00Z")));
        pipeline.run(Resource.of("payments", records));                   // paid_at, as from the page
        // end:typedPath
    }

    /** extract.md, steps: orders with status "test" dropped, each other order's lines as rows. */
    Resource steps() {
        // doc:steps
        Resource orders = Resource.fromIterator("orders", api::orderPages)
                .filter(row -> !((Map<?, ?>) row).get("status").equals("test"))   // a page keeps its matching rows
                .map(row -> enrich((Map<String, Object>) row))                     // row by row, also inside pages
                .flatMap(row -> ((Order) row).lines())                             // 0..n items per row
                .limit(10);                                                        // 10 yields (pages), then stop
        // end:steps
        return orders;
    }

    /** extract.md, transformers: two runs into {@code pipeline}. */
    void transformers(Pipeline pipeline) {
        // doc:transformers
        Resource users = Resource.fromIterator("users", api::userPages);
        Resource details = Transformer.from("details", users, page -> fetchDetails((List<?>) page)).parallelized();
        pipeline.run(Source.of("api", users, details));    // users written and forked to details
        pipeline.run(Source.of("api", details));           // users still run (once), but not written
        // end:transformers
    }

    /** normalize.md, workers: compiled, not run (a pipeline with the defaults writes to the working directory). */
    static Pipeline normalizeWorkers() {
        // doc:normalizeWorkers
        Pipeline p = Pipeline.builder("events")
                .extractDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(100_000))  // [sources.data_writer] file_max_items
                .normalize(new NormalizeConfig(2))                                     // [normalize] workers
                .build();
        // end:normalizeWorkers
        return p;
    }

    /** normalize.md, schema contracts. */
    static Source contracts(List<Map<String, Object>> rows, Resource orders) {
        // doc:contracts
        Resource users = Resource.of("users", rows).schemaContract(SchemaContract.parse("freeze"));
        Source shop = Source.of("shop", users, orders)
                .schemaContract(SchemaContract.parse(Map.of("columns", "discard_value", "data_type", "freeze")));
        // end:contracts
        return shop;
    }

    /** normalize.md, column hints. */
    static Resource columnHints(List<Map<String, Object>> rows) {
        // doc:columnHints
        Resource users = Resource.of("users", rows)
                .merge(MergeStrategy.DELETE_INSERT)
                .primaryKey("id")                                               // NOT NULL, like merge keys
                .columns(Column.of("score", DataType.DOUBLE))                   // typed: created up front
                .columnHints(ColumnHint.of("email").withNullable(false),        // type from the data
                        ColumnHint.of("updated_at").withDedupSort(SortOrder.DESC),
                        ColumnHint.of("deleted").withHardDelete(true));
        // end:columnHints
        return users;
    }

    /** observability.md, progress: compiled, not run (pipelines with the defaults). */
    static void progress() {
        // doc:progress
        Pipeline p = Pipeline.builder("github").progress("log").build();
        // or any period and stream (dlt's dlt.progress.log(60, logger)):
        Pipeline q = Pipeline.builder("github").progress(ProgressCollector.log(Duration.ofSeconds(60), System.out)).build();
        // end:progress
    }

    /** observability.md, the trace of {@code pipeline}'s last run. */
    static void trace(Pipeline pipeline) {
        // doc:trace
        pipeline.lastTrace().ifPresent(trace -> {
            System.out.println(trace);                         // the text form below (also: dlt4j pipeline <name> trace)
            Map<String, Long> rows = trace.normalizedRowCounts();
            trace.lastStep("load").flatMap(StepTrace::exception).ifPresent(System.err::println);
        });
        // end:trace
    }

    /** incremental.md: orders loaded incrementally into {@code pipeline}, two runs. */
    Resource incremental(Pipeline pipeline) {
        // doc:incremental
        Resource orders = Resource.of("orders", ctx -> {
            Instant since = (Instant) ctx.incremental().flatMap(IncrementalCursor::startValue).orElseThrow();
            return api.ordersUpdatedSince(since);          // push the cursor into the request (or a WHERE clause)
        }).incremental(Incremental.on("updated_at").initial(Instant.parse("2024-01-01T00:00:00Z")))
          .primaryKey("id");
        pipeline.run(Source.of("shop", orders));            // the first run: everything since 2024-01-01
        pipeline.run(Source.of("shop", orders));            // later runs: only orders updated since the last one
        // end:incremental
        return orders;
    }

    /** incremental.md, lag with merge. */
    Resource lag() {
        // doc:incrementalLag
        Resource customers = Resource.fromIterator("customers", api::customerPages)
                .merge(MergeStrategy.DELETE_INSERT).primaryKey("id")      // re-read rows replace themselves
                .incremental(Incremental.on("updated_at").lag(3600));     // re-read the last hour every run
        // end:incrementalLag
        return customers;
    }

    /** incremental.md, row order. */
    Resource rowOrder() {
        // doc:incrementalRowOrder
        Resource events = Resource.fromIterator("events", api::eventsNewestFirst)
                .incremental(Incremental.on("id").rowOrder(RowOrder.DESC));  // stops at the first event loaded before
        // end:incrementalRowOrder
        return events;
    }

    /** incremental.md, a stateless backfill window of {@code orders} into {@code pipeline}. */
    static void backfill(Pipeline pipeline, Resource orders) {
        // doc:incrementalBackfill
        Incremental january = Incremental.on("updated_at")
                .initial(Instant.parse("2024-01-01T00:00:00Z"))
                .end(Instant.parse("2024-02-01T00:00:00Z"));               // [initial, end), stateless
        pipeline.run(Source.of("shop", orders.incremental(january)));
        // end:incrementalBackfill
    }

    /** incremental.md, a cursor per parent. */
    Source perParent() {
        // doc:incrementalPerParent
        Resource issues = Resource.fromIterator("issues", api::issuePages);
        Resource comments = Transformer.withContext("comments", issues, (issue, ctx) -> {
            Object since = ctx.incremental().flatMap(IncrementalCursor::startValue).orElse(null);
            return api.comments(((Map<?, ?>) issue).get("number"), since);   // this issue's new comments
        }).incremental(Incremental.on("updated_at").perParent("number"));
        // end:incrementalPerParent
        return Source.of("github", issues, comments);
    }

    /** state.md: a run on a new machine continues from the destination's state. */
    Pipeline restore(Path database, Path pipelinesDir, Resource issues) {
        // doc:restore
        Pipeline pipeline = Pipeline.builder("github").destination("duckdb:" + database).dataset("github_data")
                .pipelinesDir(pipelinesDir).build();     // a new machine: no working folder, so no state
        pipeline.run(Source.of("github", issues));      // restores state and schemas from github_data, then runs
        // end:restore
        return pipeline;
    }

    /** state.md: refresh. */
    void refresh(Pipeline pipeline, Resource issues) {
        // doc:refresh
        pipeline.run(Source.of("github", issues), Refresh.DROP_RESOURCES);  // issues' tables and state anew
        // end:refresh
    }

    /** observability.md, metrics: {@code shop} is a configured {@code Pipeline.Builder}. */
    static MeterRegistry metrics(Pipeline.Builder shop, Resource orders) {
        // doc:metrics
        MeterRegistry registry = new SimpleMeterRegistry();          // or the application's own registry
        Pipeline pipeline = shop.listener(MicrometerMetrics.of(registry)).build();
        pipeline.run(orders);
        double rows = registry.get("dlt4j.rows").tags("step", "normalize", "table", "orders").counter().count();
        // end:metrics
        return registry;
    }

    /** state.md: a resource that reads and writes its state. */
    Resource state() {
        // doc:state
        Resource issues = Resource.of("issues", ctx -> {
            String since = (String) ctx.state().getOrDefault("since", "2024-01-01T00:00:00Z");
            ctx.writeState(Map.of("since", Instant.now().toString()));
            return api.issuesSince(since);          // an Iterator, Iterable or Stream
        });
        // end:state
        return issues;
    }

    /** observability.md: the loaded orders read back; returns the query's rows and the counts. */
    static List<Object> dataset(Pipeline pipeline) {
        // doc:dataset
        try (Stream<Map<String, Object>> rows = pipeline.dataset().table("orders").rows()) {  // closes its connection
            rows.forEach(row -> System.out.println(row.get("id") + " " + row.get("total")));
        }
        List<Map<String, Object>> top = pipeline.dataset()
                .query("SELECT id, total FROM orders ORDER BY total DESC").limit(10).fetchAll();
        SortedMap<String, Long> counts = pipeline.dataset().rowCounts();                  // dlt's row_counts()
        // end:dataset
        return List.of(top, counts);
    }

    // filesystem_source.md: each method loads into the pipeline it is given (FilesystemSourceDocsTest)

    /** filesystem_source.md, the first example: a folder of gzip'd JSON lines. */
    static LoadInfo filesystemBasic(Pipeline pipeline, String folder) {
        // doc:fsBasic
        Source events = FilesystemSource.of("file://" + folder + "/events/*.jsonl.gz")   // a folder and a glob
                .source();                                                               // one table: "events"
        LoadInfo info = pipeline.run(events);
        // end:fsBasic
        return info;
    }

    /** filesystem_source.md, one resource per file pattern. */
    static void filesystemPatterns(Pipeline pipeline, String bucket) {
        // doc:fsPatterns
        Source lake = FilesystemSource.source("lake",
                FilesystemSource.of(bucket, "orders/**/*.csv").name("orders")      // every csv below orders/
                        .fileColumns(FileColumn.FILE_NAME, FileColumn.MODIFICATION_DATE),
                FilesystemSource.of(bucket, "users/*.parquet").name("users"));
        pipeline.run(lake);
        // end:fsPatterns
    }

    /** filesystem_source.md, incremental on the files' modification date. */
    static void filesystemIncremental(Pipeline pipeline, String bucket) {
        // doc:fsIncremental
        FilesystemSource logs = FilesystemSource.of(bucket, "logs/*.csv.gz")
                .incremental(Incremental.on("modification_date"));   // dlt's filesystem(incremental=...)
        pipeline.run(logs.source());   // the first run reads every file
        pipeline.run(logs.source());   // a later run opens only files modified since
        // end:fsIncremental
    }

    /** filesystem_source.md, CSV options, merge on a key and an incremental on a column. */
    static void filesystemCsv(Pipeline pipeline, String bucket) {
        // doc:fsCsv
        FilesystemSource exports = FilesystemSource.of(bucket, "exports/*.csv")
                .csvDelimiter(';')
                .inferCsvTypes(false)                                   // every value as text; empty is null
                .primaryKey("id").writeDisposition(WriteDisposition.MERGE)
                .incremental(Incremental.on("updated_at"));             // a column: rows filtered, files all read
        pipeline.run(exports.source());
        // end:fsCsv
    }

    /** rest_api.md: the REST API source built in Java. */
    static Source restApi(String baseUrl, String token) {
        // doc:rest_api_builder
        Source github = RestApiSource.builder("github")
                .baseUrl(baseUrl)
                .auth(RestAuth.bearer(token))
                .paginator(Paginator.headerLink())
                .resource(RestResource.of("issues")
                        .param("state", "all")
                        .param("since", "{incremental.start_value}")
                        .incremental(Map.of("cursor_path", "updated_at", "initial_value", "2024-01-01T00:00:00Z"))
                        .primaryKey("id")
                        .writeDisposition(WriteDisposition.MERGE))
                .resource(RestResource.of("comments")
                        .path("issues/{resources.issues.number}/comments")
                        .includeFromParent("number")
                        .filter(row -> !"bot".equals(row.get("author"))))
                .build();
        // end:rest_api_builder
        return github;
    }
}
