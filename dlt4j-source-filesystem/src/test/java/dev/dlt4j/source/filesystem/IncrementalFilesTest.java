package dev.dlt4j.source.filesystem;

import static dev.dlt4j.source.filesystem.TestFiles.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Incremental;
import dev.dlt4j.Pipeline;
import dev.dlt4j.WriteDisposition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental on the files' modification date (files filtered before they are read) and on a column. */
class IncrementalFilesTest {
    private static final Instant T1 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2024-03-02T10:00:00Z");
    private static final Instant T3 = Instant.parse("2024-03-03T10:00:00Z");

    @TempDir
    Path tmp;

    private List<Object> ids(String name, String table) {
        return query(tmp.resolve(name + ".duckdb"), "SELECT id FROM " + name + "_data." + table + " ORDER BY id")
                .stream().map(r -> r.get("id")).toList();
    }

    @Test
    void filesAddedBetweenRunsLoadOnceAndUnchangedFilesAreNotReadAgain() {
        Path data = tmp.resolve("events");
        Path a = write(data.resolve("a.jsonl"), "{\"id\": 1}\n{\"id\": 2}\n");
        Path b = write(data.resolve("b.jsonl"), "{\"id\": 3}\n");
        touch(a, T1);
        touch(b, T2);
        Pipeline p = duckdb(tmp, "inc").build();
        FilesystemSource events = FilesystemSource.of(data + "/*.jsonl")
                .incremental(Incremental.on("modification_date"));
        p.run(events.source());
        assertThat(ids("inc", "events")).containsExactly(1L, 2L, 3L);

        // a new file; the old ones turned unreadable with their dates kept: reading one again would fail
        touch(write(data.resolve("c.jsonl"), "{\"id\": 4}\n"), T3);
        touch(write(a, "not json"), T1);
        touch(write(b, "not json either"), T2); // b sits on the boundary: deduplicated by file_url
        p.run(events.source());
        assertThat(ids("inc", "events")).containsExactly(1L, 2L, 3L, 4L);

        p.run(events.source()); // nothing new: no file read, no row
        assertThat(ids("inc", "events")).containsExactly(1L, 2L, 3L, 4L);

        // a loaded file that is modified is read again as a whole
        touch(write(data.resolve("c.jsonl"), "{\"id\": 4}\n{\"id\": 5}\n"), T3.plusSeconds(60));
        p.run(events.source());
        assertThat(ids("inc", "events")).containsExactly(1L, 2L, 3L, 4L, 4L, 5L);
    }

    @Test
    void anInitialValueSkipsOlderFiles() {
        Path data = tmp.resolve("logs");
        touch(write(data.resolve("old.csv"), "id\n1\n"), T1);
        touch(write(data.resolve("new.csv"), "id\n2\n"), T3);
        duckdb(tmp, "initial").build().run(FilesystemSource.of(data + "/*.csv")
                .incremental(Incremental.on("modification_date").initial(T2)).source());
        assertThat(ids("initial", "logs")).containsExactly(2L);
    }

    @Test
    void aColumnCursorFiltersRowsOfEveryFileAndMergeKeepsOneRowPerKey() {
        Path data = tmp.resolve("orders");
        write(data.resolve("o1.csv"), "id,updated_at,v\n1,2024-01-01T00:00:00Z,a\n2,2024-01-02T00:00:00Z,b\n");
        Pipeline p = duckdb(tmp, "col").build();
        FilesystemSource orders = FilesystemSource.of(data + "/*.csv").primaryKey("id")
                .writeDisposition(WriteDisposition.MERGE).incremental(Incremental.on("updated_at"));
        p.run(orders.source());
        // o1 grows: its old rows are read again and dropped by the cursor, the newer version of 2 and 3 load
        write(data.resolve("o1.csv"), "id,updated_at,v\n1,2024-01-01T00:00:00Z,a\n2,2024-01-05T00:00:00Z,b2\n"
                + "3,2024-01-04T00:00:00Z,c\n");
        p.run(orders.source());
        assertThat(query(tmp.resolve("col.duckdb"), "SELECT id, v FROM col_data.orders ORDER BY id")).containsExactly(
                Map.of("id", 1L, "v", "a"), Map.of("id", 2L, "v", "b2"), Map.of("id", 3L, "v", "c"));
    }
}
