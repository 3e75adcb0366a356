package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.WriteDisposition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end loads through the public API into a real DuckDB file, read back with JDBC. */
class PipelineLoadTest {
    @TempDir
    Path tmp;

    private Path db(String name) {
        return tmp.resolve(name + ".duckdb");
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void flatRowsAreLoadedAndReadBack() {
        Pipeline p = pipeline(tmp, "flat").build();
        LoadInfo info = p.run(Resource.of("users", List.of(
                row("id", 1, "name", "a", "score", 1.5, "active", true),
                row("id", 2, "name", "b", "score", 2.5, "active", false))));
        assertThat(info.rows("users")).isEqualTo(2);
        assertThat(query(db("flat"), "SELECT id, name, score, active FROM flat_data.users ORDER BY id"))
                .containsExactly(row("id", 1L, "name", "a", "score", 1.5, "active", true),
                        row("id", 2L, "name", "b", "score", 2.5, "active", false));
        assertThat(query(db("flat"), "SELECT count(DISTINCT _dlt_id) AS ids, count(DISTINCT _dlt_load_id) AS loads"
                + " FROM flat_data.users")).containsExactly(row("ids", 2L, "loads", 1L));
        assertThat(count(db("flat"), "flat_data._dlt_loads")).isEqualTo(1);
        assertThat(query(db("flat"), "SELECT status, schema_name FROM flat_data._dlt_loads"))
                .containsExactly(row("status", 0L, "schema_name", "flat"));
        assertThat(count(db("flat"), "flat_data._dlt_version")).isEqualTo(1);
        assertThat(query(db("flat"), "SELECT pipeline_name FROM flat_data._dlt_pipeline_state"))
                .containsExactly(row("pipeline_name", "flat"));
    }

    @Test
    void nestedRowsBecomeChildTablesLinkedToTheirParentInListOrder() {
        Pipeline p = pipeline(tmp, "nested").build();
        p.run(Resource.of("issues", List.of(
                row("id", 1, "user", row("login", "ann", "id", 7), "labels",
                        List.of(row("name", "bug"), row("name", "ui")), "tags", List.of("x", "y", "z")),
                row("id", 2, "user", row("login", "bob", "id", 8), "labels", List.of(row("name", "doc")),
                        "tags", List.of()))));
        Path db = db("nested");
        assertThat(columnTypes(db, "nested_data", "issues")).containsKeys("id", "user__login", "user__id",
                "_dlt_load_id", "_dlt_id").doesNotContainKeys("labels", "tags");
        assertThat(query(db, "SELECT i.id, l.name, l._dlt_list_idx AS idx FROM nested_data.issues i"
                + " JOIN nested_data.issues__labels l ON l._dlt_parent_id = i._dlt_id ORDER BY i.id, idx"))
                .containsExactly(row("id", 1L, "name", "bug", "idx", 0L), row("id", 1L, "name", "ui", "idx", 1L),
                        row("id", 2L, "name", "doc", "idx", 0L));
        assertThat(query(db, "SELECT t.value, t._dlt_list_idx AS idx FROM nested_data.issues i"
                + " JOIN nested_data.issues__tags t ON t._dlt_parent_id = i._dlt_id WHERE i.id = 1 ORDER BY idx"))
                .containsExactly(row("value", "x", "idx", 0L), row("value", "y", "idx", 1L),
                        row("value", "z", "idx", 2L));
        assertThat(columnTypes(db, "nested_data", "issues__labels")).doesNotContainKey("_dlt_load_id");
    }

    @Test
    void listsOfListsAndDeepNestingFollowDltNaming() {
        Pipeline p = pipeline(tmp, "deep").build();
        p.run(Resource.of("t", List.of(row("id", 1, "matrix", List.of(List.of(1, 2), List.of(3)),
                "a", row("b", row("c", 5, "items", List.of(row("k", "v"))))))));
        Path db = db("deep");
        assertThat(query(db, "SELECT a__b__c FROM deep_data.t")).containsExactly(row("a__b__c", 5L));
        assertThat(query(db, "SELECT value FROM deep_data.t__matrix__list ORDER BY value"))
                .extracting(r -> r.get("value")).containsExactly(1L, 2L, 3L);
        assertThat(query(db, "SELECT k FROM deep_data.t__a__b__items")).containsExactly(row("k", "v"));
    }

    @Test
    void maxTableNestingKeepsDeeperDataAsJson() {
        Pipeline p = pipeline(tmp, "nest1").build();
        p.run(Resource.of("t", List.of(row("id", 1, "a", row("b", row("c", 1)), "l", List.of(row("x", List.of(1))))))
                .maxTableNesting(1));
        Path db = db("nest1");
        Map<String, String> types = columnTypes(db, "nest1_data", "t");
        assertThat(types).containsEntry("a__b", "JSON");
        assertThat(query(db, "SELECT CAST(a__b AS VARCHAR) AS j FROM nest1_data.t"))
                .containsExactly(row("j", "{\"c\":1}"));
        assertThat(columnTypes(db, "nest1_data", "t__l")).containsEntry("x", "JSON");
    }

    @Test
    void everyTypeIsInferred() {
        Pipeline p = pipeline(tmp, "types").build();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("big", 42L);
        r.put("small", 7);
        r.put("dbl", 2.5);
        r.put("flag", true);
        r.put("txt", "hello");
        r.put("iso", "2024-03-01T10:15:30Z");
        r.put("iso_offset", "2024-03-01T12:15:30+02:00");
        r.put("instant", Instant.parse("2024-03-01T10:15:30Z"));
        r.put("odt", OffsetDateTime.of(2024, 3, 1, 10, 15, 30, 0, ZoneOffset.UTC));
        r.put("ldt", LocalDateTime.of(2024, 3, 1, 10, 15, 30));
        r.put("day", LocalDate.of(2024, 3, 1));
        r.put("date_text", "2024-03-01");
        r.put("money", new BigDecimal("12.345"));
        r.put("huge", new BigInteger("123456789012345678901234567890"));
        r.put("bytes", new byte[] {1, 2, 3});
        r.put("doc", row("a", List.of(1, 2)));
        p.run(Resource.of("all_types", List.of(r)).maxTableNesting(0));
        Path db = db("types");
        assertThat(columnTypes(db, "types_data", "all_types")).containsAllEntriesOf(Map.ofEntries(
                Map.entry("big", "BIGINT"), Map.entry("small", "BIGINT"), Map.entry("dbl", "DOUBLE"),
                Map.entry("flag", "BOOLEAN"), Map.entry("txt", "VARCHAR"),
                Map.entry("iso", "TIMESTAMP WITH TIME ZONE"), Map.entry("iso_offset", "TIMESTAMP WITH TIME ZONE"),
                Map.entry("instant", "TIMESTAMP WITH TIME ZONE"), Map.entry("odt", "TIMESTAMP WITH TIME ZONE"),
                Map.entry("ldt", "TIMESTAMP WITH TIME ZONE"), Map.entry("day", "DATE"),
                Map.entry("date_text", "VARCHAR"), Map.entry("money", "DECIMAL(38,9)"),
                Map.entry("huge", "DECIMAL(38,0)"), Map.entry("bytes", "BLOB"), Map.entry("doc", "JSON")));
        Map<String, Object> back = query(db, "SELECT big, small, dbl, flag, txt, epoch(iso) AS iso,"
                + " epoch(iso_offset) AS iso_offset, epoch(instant) AS instant, epoch(odt) AS odt, epoch(ldt) AS ldt,"
                + " CAST(day AS VARCHAR) AS day, CAST(money AS VARCHAR) AS money, CAST(huge AS VARCHAR) AS huge,"
                + " hex(bytes) AS bytes, CAST(doc AS VARCHAR) AS doc FROM types_data.all_types").get(0);
        double epoch = Instant.parse("2024-03-01T10:15:30Z").getEpochSecond();
        assertThat(back).containsEntry("big", 42L).containsEntry("small", 7L).containsEntry("dbl", 2.5)
                .containsEntry("flag", true).containsEntry("txt", "hello").containsEntry("iso", epoch)
                .containsEntry("iso_offset", epoch).containsEntry("instant", epoch).containsEntry("odt", epoch)
                .containsEntry("ldt", epoch).containsEntry("day", "2024-03-01")
                .containsEntry("money", "12.345000000").containsEntry("huge", "123456789012345678901234567890")
                .containsEntry("bytes", "010203").containsEntry("doc", "{\"a\":[1,2]}");
    }

    @Test
    void aValueThatDoesNotFitItsColumnGoesToAVariantColumn() {
        Pipeline p = pipeline(tmp, "variant").build();
        p.run(Resource.of("t", List.of(row("id", 1, "v", 10), row("id", 2, "v", "ten"), row("id", 3, "v", "11"))));
        Path db = db("variant");
        assertThat(columnTypes(db, "variant_data", "t")).containsEntry("v", "BIGINT")
                .containsEntry("v__v_text", "VARCHAR");
        assertThat(query(db, "SELECT id, v, v__v_text FROM variant_data.t ORDER BY id")).containsExactly(
                row("id", 1L, "v", 10L, "v__v_text", null), row("id", 2L, "v", null, "v__v_text", "ten"),
                row("id", 3L, "v", 11L, "v__v_text", null));
    }

    @Test
    void theSchemaEvolvesAcrossRuns() {
        Pipeline p = pipeline(tmp, "evolve").build();
        p.run(Resource.of("t", List.of(row("id", 1, "a", "x"))));
        p.run(Resource.of("t", List.of(row("id", 2, "b", 2.5, "items", List.of(row("q", 1))))));
        Path db = db("evolve");
        assertThat(columnTypes(db, "evolve_data", "t")).containsKeys("id", "a", "b");
        assertThat(query(db, "SELECT id, a, b FROM evolve_data.t ORDER BY id")).containsExactly(
                row("id", 1L, "a", "x", "b", null), row("id", 2L, "a", null, "b", 2.5));
        assertThat(count(db, "evolve_data.t__items")).isEqualTo(1);
        List<Map<String, Object>> versions = query(db, "SELECT version, version_hash FROM evolve_data._dlt_version"
                + " ORDER BY inserted_at");
        assertThat(versions).hasSize(2);
        assertThat((Long) versions.get(1).get("version")).isGreaterThan((Long) versions.get(0).get("version"));
        assertThat(versions.get(1).get("version_hash")).isNotEqualTo(versions.get(0).get("version_hash"));
        assertThat(count(db, "evolve_data._dlt_loads")).isEqualTo(2);
    }

    @Test
    void replaceEmptiesTheTableAndItsChildrenWhileAppendAdds() {
        Pipeline p = pipeline(tmp, "disp").build();
        Resource first = Resource.of("t", List.of(row("id", 1, "l", List.of(1, 2)), row("id", 2, "l", List.of(3))));
        p.run(first);
        p.run(first);
        Path db = db("disp");
        assertThat(count(db, "disp_data.t")).isEqualTo(4);
        assertThat(count(db, "disp_data.t__l")).isEqualTo(6);
        p.run(Resource.of("t", List.of(row("id", 9, "l", List.of(7)))).writeDisposition(WriteDisposition.REPLACE));
        assertThat(query(db, "SELECT id FROM disp_data.t")).containsExactly(row("id", 9L));
        assertThat(query(db, "SELECT value FROM disp_data.t__l")).containsExactly(row("value", 7L));
        p.run(Resource.of("t", List.of()).writeDisposition(WriteDisposition.REPLACE));
        assertThat(count(db, "disp_data.t")).isZero();
        assertThat(count(db, "disp_data.t__l")).isZero();
    }

    @Test
    void rowsAndPagesGiveTheSameTables() {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            data.add(row("id", i, "name", "n" + i, "tags", List.of("a" + i, "b" + i)));
        }
        List<List<Map<String, Object>>> pages = new ArrayList<>();
        for (int i = 0; i < data.size(); i += 100) {
            pages.add(data.subList(i, Math.min(i + 100, data.size())));
        }
        pipeline(tmp, "rows").build().run(Resource.of("t", data));
        pipeline(tmp, "pages").build().run(Resource.of("t", pages));
        String q = "SELECT t.id, t.name, c.value, c._dlt_list_idx AS idx FROM %s.t t JOIN %s.t__tags c"
                + " ON c._dlt_parent_id = t._dlt_id ORDER BY id, idx";
        List<Map<String, Object>> fromRows = query(db("rows"), String.format(q, "rows_data", "rows_data"));
        assertThat(fromRows).hasSize(500);
        assertThat(query(db("pages"), String.format(q, "pages_data", "pages_data"))).isEqualTo(fromRows);
        assertThat(columnTypes(db("pages"), "pages_data", "t")).isEqualTo(columnTypes(db("rows"), "rows_data", "t"));
    }

    record Person(String name, int age, List<String> tags) {
    }

    public static final class Bean {
        public String getCity() {
            return "Paris";
        }

        public boolean isCapital() {
            return true;
        }
    }

    @Test
    void recordsBeansAndJsonNodesAreRows() throws Exception {
        Pipeline p = pipeline(tmp, "objects").build();
        var json = new ObjectMapper().readTree("{\"id\": 5, \"payload\": {\"ok\": true}, \"xs\": [1, 2]}");
        p.run(Source.of("objects",
                Resource.of("people", List.of(new Person("ann", 31, List.of("a", "b")))),
                Resource.of("beans", List.of(new Bean())),
                Resource.of("nodes", List.of(json))));
        Path db = db("objects");
        assertThat(query(db, "SELECT name, age FROM objects_data.people")).containsExactly(row("name", "ann", "age", 31L));
        assertThat(count(db, "objects_data.people__tags")).isEqualTo(2);
        assertThat(query(db, "SELECT city, capital FROM objects_data.beans"))
                .containsExactly(row("city", "Paris", "capital", true));
        assertThat(query(db, "SELECT id, payload__ok FROM objects_data.nodes"))
                .containsExactly(row("id", 5L, "payload__ok", true));
        assertThat(count(db, "objects_data.nodes__xs")).isEqualTo(2);
    }

    @Test
    void scalarsBecomeAValueColumnAndDynamicTableNamesRoute() {
        Pipeline p = pipeline(tmp, "dyn").build();
        p.run(Resource.of("numbers", List.of(1, 2, 3)),
                Resource.of("events", List.of(row("type", "Click", "x", 1), row("type", "View", "x", 2)))
                        .tableName(r -> "ev_" + ((Map<?, ?>) r).get("type")));
        Path db = db("dyn");
        assertThat(count(db, "dyn_data.numbers")).isEqualTo(3);
        assertThat(query(db, "SELECT x FROM dyn_data.ev_click")).containsExactly(row("x", 1L));
        assertThat(query(db, "SELECT x FROM dyn_data.ev_view")).containsExactly(row("x", 2L));
    }

    @Test
    void keysAreNormalizedToSnakeCase() {
        Pipeline p = pipeline(tmp, "names").build();
        p.run(Resource.of("UserEvents", List.of(row("userID", 1, "Col Name!", "a", "reactions",
                row("+1", 2, "-1", 3)))));
        assertThat(columnTypes(db("names"), "names_data", "user_events")).containsKeys("user_id", "col_namex",
                "reactions__x1", "reactions___1");
    }

    @Test
    void aPackageLeftNormalizedByAnInterruptedRunIsLoadedByTheNextRunExactlyOnce() {
        Pipeline crashed = pipeline(tmp, "resume").build();
        crashed.extract(Resource.of("t", List.of(row("id", 1), row("id", 2))));
        crashed.normalize();
        // the run stops here, as if killed before load: the package waits in load/normalized
        assertThat(crashed.workingDir().resolve("load/normalized").toFile().list()).hasSize(1);
        Pipeline next = pipeline(tmp, "resume").build();
        LoadInfo info = next.run(Resource.of("t", List.of(row("id", 3))));
        assertThat(info.loadIds()).hasSize(2);
        Path db = db("resume");
        assertThat(query(db, "SELECT id FROM resume_data.t ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(1L, 2L, 3L);
        assertThat(count(db, "resume_data._dlt_loads")).isEqualTo(2);
        assertThat(next.workingDir().resolve("load/normalized").toFile().list()).isEmpty();
        next.run(Resource.of("t", List.of()));
        assertThat(count(db, "resume_data.t")).isEqualTo(3);
    }

    @Test
    void aPackageLeftExtractedIsNormalizedAndLoadedByTheNextRun() {
        Pipeline crashed = pipeline(tmp, "resume2").build();
        crashed.extract(Resource.of("t", List.of(row("id", 1))));
        pipeline(tmp, "resume2").build().run(Resource.of("t", List.of(row("id", 2))));
        assertThat(query(db("resume2"), "SELECT id FROM resume2_data.t ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(1L, 2L);
    }

    @Test
    void aResourceThatThrowsMidwayFailsNamingPipelineResourceAndStageAndKeepsLoadedData() {
        Pipeline p = pipeline(tmp, "boom").build();
        p.run(Resource.of("t", List.of(row("id", 1))));
        Iterable<Object> failing = () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                if (++i == 3) {
                    throw new IllegalStateException("api returned 503");
                }
                return row("id", 100 + i);
            }
        };
        assertThatThrownBy(() -> p.run(Resource.of("t", failing)))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("Pipeline boom")
                .hasMessageContaining("stage extract")
                .hasMessageContaining("resource t")
                .hasMessageContaining("item 3")
                .hasMessageContaining("api returned 503");
        assertThat(query(db("boom"), "SELECT id FROM boom_data.t")).containsExactly(row("id", 1L));
        assertThat(p.workingDir().resolve("normalize/extracted").toFile().list()).isEmpty();
        assertThat(p.workingDir().resolve("normalize").toFile().list()).containsOnly("extracted", ".version");
    }

    @Test
    void anUnknownDestinationListsTheAvailableOnes() {
        assertThatThrownBy(() -> Destination.named("snowflake"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown destination 'snowflake'")
                .hasMessageContaining("available: ")
                .hasMessageContaining("duckdb");
    }

    @Test
    void aValueOfAnUnsupportedJavaTypeNamesTableColumnAndType() {
        Pipeline p = pipeline(tmp, "unsupported").build();
        assertThatThrownBy(() -> p.run(Resource.of("things", List.of(row("id", 1, "meta", row("handle", new Thread()))))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("Table things")
                .hasMessageContaining("column meta__handle")
                .hasMessageContaining("java.lang.Thread");
    }

    @Test
    void aDuckDbUriNamesTheDatabaseFile() {
        Path file = tmp.resolve("sub/custom.duckdb");
        Pipeline p = Pipeline.builder("uri").destination("duckdb:///" + file.toAbsolutePath())
                .pipelinesDir(tmp.resolve("pipelines")).build();
        p.run(Resource.of("t", IntStream.range(0, 3).boxed().map(i -> row("id", i)).toList()));
        assertThat(count(file, "uri_dataset.t")).isEqualTo(3);
        assertThatThrownBy(() -> Destination.named("duckdb://host/x.duckdb"))
                .hasMessageContaining("duckdb:///absolute/path.duckdb");
    }

    @Test
    void aDuckDbUriMayCapDuckDbsMemory() {
        Path file = tmp.resolve("capped.duckdb");
        Pipeline p = Pipeline.builder("capped").destination("duckdb:" + file.toAbsolutePath() + "?memory_limit=256MB")
                .pipelinesDir(tmp.resolve("pipelines")).build();
        p.run(Resource.of("t", IntStream.range(0, 1000).boxed().map(i -> row("id", i, "l", List.of(i))).toList()));
        assertThat(count(file, "capped_dataset.t__l")).isEqualTo(1000);
        assertThatThrownBy(() -> Destination.named("duckdb:x.duckdb?memory_limit=lots"))
                .hasMessageContaining("option 'memory_limit=lots' is not valid; allowed: memory_limit=<size> such as"
                        + " memory_limit=256MB");
    }
}
