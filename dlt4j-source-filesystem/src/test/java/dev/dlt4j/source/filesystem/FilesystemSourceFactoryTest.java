package dev.dlt4j.source.filesystem;

import static dev.dlt4j.source.filesystem.TestFiles.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Config;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.SourceFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Type {@code filesystem} from settings with dlt's names, found through ServiceLoader. */
class FilesystemSourceFactoryTest {
    private static final Config NO_CONFIG = (sections, key) -> Optional.empty();

    @TempDir
    Path tmp;

    private static SourceFactory factory() {
        return ServiceLoader.load(SourceFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("filesystem")).findFirst().orElseThrow();
    }

    @Test
    void isFoundByTypeAndAcceptsFileUrls() {
        assertThat(factory()).isInstanceOf(FilesystemSourceFactory.class);
        assertThat(factory().accepts("file:///data/events/*.jsonl.gz")).isTrue();
        assertThat(factory().accepts("FILE:///data")).isTrue();
        assertThat(factory().accepts("postgresql://postgres@localhost/db")).isFalse();
        assertThat(factory().accepts("/data/x.csv")).isFalse();
    }

    @Test
    void aResourceWithItsOwnGlobDoesNotInheritTheSourcesFormat() {
        // docs/filesystem_source.md's example: the source reads *.jsonl.gz with format = "jsonl", the
        // resource users its own glob users/*.csv: its files are CSV, told by their names
        gzip(tmp.resolve("in/e.jsonl.gz"), "{\"id\": 9}\n");
        write(tmp.resolve("in/users/u.csv"), "id,zip\n1,01234\n");
        Source s = factory().create("events", Map.of("bucket_url", tmp.resolve("in").toUri().toString(),
                "file_glob", "*.jsonl.gz", "format", "jsonl", "table_name", "events", "delimiter", ",",
                "resources", Map.of("users", Map.of("file_glob", "users/*.csv"))), NO_CONFIG);
        duckdb(tmp, "inh").build().run(s);
        assertThat(query(tmp.resolve("inh.duckdb"), "SELECT id, zip FROM inh_data.users"))
                .containsExactly(Map.of("id", 1L, "zip", "01234"));
        assertThat(query(tmp.resolve("inh.duckdb"), "SELECT id FROM inh_data.events")).containsExactly(Map.of("id", 9L));
    }

    @Test
    void settingsBuildTheSourceAndItLoads() {
        write(tmp.resolve("in/users/u1.csv"), "id,name\n1,ann\n");
        write(tmp.resolve("in/users/u2.csv"), "id,name\n2,bob\n");
        gzip(tmp.resolve("in/events/e.jsonl.gz"), "{\"id\": 9}\n");
        Source s = factory().create("files", Map.of("bucket_url", tmp.resolve("in").toUri().toString(),
                "resources", Map.of("people", Map.of("file_glob", "users/*.csv", "file_columns",
                        List.of("file_name")), "events", Map.of("file_glob", "events/*", "format", "jsonl"))), NO_CONFIG);
        assertThat(s.name()).isEqualTo("files");
        assertThat(s.resources()).extracting(Resource::name).containsExactlyInAnyOrder("people", "events");
        duckdb(tmp, "fac").build().run(s);
        assertThat(query(tmp.resolve("fac.duckdb"), "SELECT id, name, file_name FROM fac_data.people ORDER BY id"))
                .containsExactly(Map.of("id", 1L, "name", "ann", "file_name", "u1.csv"),
                        Map.of("id", 2L, "name", "bob", "file_name", "u2.csv"));
        assertThat(query(tmp.resolve("fac.duckdb"), "SELECT id FROM fac_data.events")).containsExactly(Map.of("id", 9L));
    }

    @Test
    void aUrlWithItsGlobIsOneResource() {
        Source s = factory().create("ev", Map.of("bucket_url", "file:///data/events/*.jsonl.gz", "chunksize", 500,
                "files_per_page", "10", "allow_empty", true, "delimiter", "\\t", "infer_types", "false"), NO_CONFIG);
        assertThat(s.resources()).extracting(Resource::name).containsExactly("events");
        Source named = factory().create("ev", Map.of("bucket_url", "file:///data", "file_glob", "**/*.csv",
                "table_name", "all_csv"), NO_CONFIG);
        assertThat(named.resources()).extracting(Resource::name).containsExactly("all_csv");
    }

    @Test
    void badSettingsNameTheKeyTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> factory().create("s", Map.of("bucket_url", "file:///d", "file_glb", "*"), NO_CONFIG))
                .hasMessage("unknown filesystem source setting 'file_glb'; allowed: allow_empty, bucket_url, chunksize,"
                        + " delimiter, file_columns, file_glob, files, files_per_page, format, incremental, infer_types,"
                        + " primary_key, resources, table_name, type, write_disposition");
        assertThatThrownBy(() -> factory().create("s", Map.of("bucket_url", "file:///d", "incremental",
                Map.of("cursor", "x")), NO_CONFIG)).hasMessageStartingWith("incremental = {cursor=x} is not allowed;"
                        + " give a table with cursor_path");
        assertThatThrownBy(() -> factory().create("s", Map.of("bucket_url", "file:///d", "incremental",
                Map.of("cursor_path", "modification_date", "initial_value", "yesterday")), NO_CONFIG))
                .hasMessage("incremental.initial_value = yesterday is not a date-time; give an ISO 8601 date-time with"
                        + " offset, e.g. 2024-01-01T00:00:00Z");
        assertThatThrownBy(() -> factory().create("s", Map.of("bucket_url", "file:///d", "write_disposition",
                "upsert"), NO_CONFIG)).hasMessage("write_disposition = 'upsert' is not allowed; allowed: append,"
                        + " replace, merge");
        assertThatThrownBy(() -> factory().create("s", Map.of("file_glob", "*"), NO_CONFIG))
                .hasMessageStartingWith("source s (type filesystem): bucket_url is missing");
        assertThatThrownBy(() -> factory().create("s", Map.of("bucket_url", "file:///d", "format", "xml"), NO_CONFIG))
                .hasMessage("format = 'xml' is not a format; allowed: csv, jsonl, parquet");
        assertThatThrownBy(() -> factory().create("s", Map.of("bucket_url", "file:///d", "chunksize", "lots"),
                NO_CONFIG)).hasMessage("chunksize = lots is not allowed; give a whole number from 1 to 2147483647");
        assertThatThrownBy(() -> factory().create("s", Map.of("bucket_url", "file:///d", "allow_empty", "yes"),
                NO_CONFIG)).hasMessage("allow_empty = yes is not allowed; give true or false");
        assertThatThrownBy(() -> factory().create("s", Map.of("bucket_url", "file:///d", "resources",
                Map.of("u", Map.of("glob", "*"))), NO_CONFIG))
                .hasMessageStartingWith("unknown filesystem source setting 'resources.u.glob'; allowed:");
        assertThatThrownBy(() -> factory().create("s", Map.of("bucket_url", "file:///d", "file_columns",
                List.of("name")), NO_CONFIG))
                .hasMessage("file_columns: 'name' is not a file column; allowed: file_url, file_name, relative_path,"
                        + " modification_date, size_in_bytes");
        assertThatThrownBy(() -> factory().create("s", Map.of("bucket_url", "file:///d", "delimiter", ";;"),
                NO_CONFIG)).hasMessage("delimiter = ';;' is not one character; give e.g. \",\", \";\" or \"\\t\"");
    }

    @Test
    void incrementalPrimaryKeyAndDispositionComeFromSettings() {
        Path data = tmp.resolve("inc");
        touch(write(data.resolve("old.csv"), "id,v\n1,a\n"), java.time.Instant.parse("2024-01-01T00:00:00Z"));
        touch(write(data.resolve("new.csv"), "id,v\n1,b\n2,c\n"), java.time.Instant.parse("2024-06-01T00:00:00Z"));
        Map<String, Object> settings = Map.of("bucket_url", data.toUri() + "*.csv", "table_name", "t",
                "incremental", Map.of("cursor_path", "modification_date", "initial_value", "2024-03-01T00:00:00Z"),
                "primary_key", "id", "write_disposition", "merge");
        dev.dlt4j.Pipeline p = duckdb(tmp, "set").build();
        p.run(factory().create("set", settings, NO_CONFIG));
        touch(write(data.resolve("newer.csv"), "id,v\n2,d\n"), java.time.Instant.parse("2024-07-01T00:00:00Z"));
        p.run(factory().create("set", settings, NO_CONFIG));
        assertThat(query(tmp.resolve("set.duckdb"), "SELECT id, v FROM set_data.t ORDER BY id"))
                .containsExactly(Map.of("id", 1L, "v", "b"), Map.of("id", 2L, "v", "d"));
    }

    @Test
    void loadsIntoPostgres() throws Exception {
        write(tmp.resolve("pg/orders.csv"), "id,total,paid\n1,9.5,true\n2,3,false\n");
        String dataset = "fssrc_orders";
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + dataset + " CASCADE");
        }
        dev.dlt4j.Pipeline.builder("fssrc_pg").destination("postgresql://postgres@127.0.0.1:5432/test")
                .dataset(dataset).pipelinesDir(tmp.resolve("pipelines")).build()
                .run(factory().create("pg", Map.of("bucket_url", tmp.resolve("pg").toUri() + "/*.csv"), NO_CONFIG));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            assertThat(query(c, "SELECT id, total, paid FROM " + dataset + ".pg ORDER BY id")).containsExactly(
                    Map.of("id", 1L, "total", 9.5, "paid", true), Map.of("id", 2L, "total", 3.0, "paid", false));
            assertThat(query(c, "SELECT data_type FROM information_schema.columns WHERE table_schema = '" + dataset
                    + "' AND table_name = 'pg' AND column_name IN ('id', 'total', 'paid') ORDER BY column_name"))
                    .extracting(r -> r.get("data_type")).containsExactly("bigint", "boolean", "double precision");
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + dataset + " CASCADE");
            }
        }
    }
}
