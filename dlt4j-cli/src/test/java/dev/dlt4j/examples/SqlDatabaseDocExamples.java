package dev.dlt4j.examples;

import dev.dlt4j.Incremental;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.RowOrder;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.source.sql.ReflectionLevel;
import dev.dlt4j.source.sql.SqlSource;

/**
 * The Java examples of {@code docs/sql_database.md}, compiled and run by {@code SqlDatabaseDocsTest}
 * against the PostgreSQL of the tests: {@code url} and {@code schema} stand for the reader's database
 * and schema.
 */
final class SqlDatabaseDocExamples {
    final String url;
    final String schema;

    SqlDatabaseDocExamples(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    LoadInfo quickStart(Pipeline pipeline) {
        // doc:sqlQuickStart
        Source shop = SqlSource.of(url)               // postgresql://user:password@host:5432/db, mysql://..., jdbc:...
                .schema(schema)                       // on MariaDB / MySQL: the database
                .tables("orders", "customers")        // default: every table of the schema
                .toSource();                          // connects, reflects the tables, checks SELECT on each
        LoadInfo info = pipeline.run(shop);
        // end:sqlQuickStart
        return info;
    }

    Source selecting() {
        // doc:sqlSelect
        Source some = SqlSource.of(url).schema(schema)
                .exclude("tmp_*")                                   // every table but these (or include(...))
                .query("big_spenders", "SELECT customer_id, sum(total) AS spent FROM " + schema + ".orders"
                        + " GROUP BY customer_id HAVING sum(total) > 100")  // a query is a table of its own
                .reflection(ReflectionLevel.FULL_WITH_PRECISION)    // also varchar lengths
                .chunkSize(10_000)                                  // rows per page (default 50,000)
                .workers(2)                                         // tables read at once, one connection each
                .toSource();
        // end:sqlSelect
        return some;
    }

    void incremental(Pipeline pipeline) {
        // doc:sqlIncremental
        Source orders = SqlSource.of(url).schema(schema).tables("orders")
                .applyHints("orders", r -> r
                        .writeDisposition(WriteDisposition.MERGE)                         // on the table's primary key
                        .incremental(Incremental.on("updated_at").rowOrder(RowOrder.ASC))) // pushed into the query
                .toSource();
        pipeline.run(orders);  // first run: every row; later runs: WHERE updated_at >= <last value> ORDER BY updated_at
        // end:sqlIncremental
    }
}
