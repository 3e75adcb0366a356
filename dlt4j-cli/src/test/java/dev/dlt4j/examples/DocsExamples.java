package dev.dlt4j.examples;

import dev.dlt4j.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.dlt4j.Column;
import dev.dlt4j.ColumnHint;
import dev.dlt4j.DataType;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.Pipeline;
import dev.dlt4j.ProgressCollector;
import dev.dlt4j.Resource;
import dev.dlt4j.SchemaContract;
import dev.dlt4j.SortOrder;
import dev.dlt4j.Source;
import dev.dlt4j.StepTrace;
import dev.dlt4j.Transformer;
import dev.dlt4j.config.ConfigDeclarations;
import dev.dlt4j.config.ConfigKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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
}
