package dev.dlt4j.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline.dataset()} on the filesystem: the files read back through DuckDB's readers, in each format. */
class FilesystemDatasetTest {
    @TempDir
    Path tmp;

    private Pipeline lake(LoaderFileFormat format) {
        return Pipeline.builder("lake").destination(FilesystemDestination.at(tmp.resolve("lake")).withFormat(format))
                .dataset("lake_data").pipelinesDir(tmp.resolve("pipelines")).build();
    }

    @ParameterizedTest
    @EnumSource(value = LoaderFileFormat.class, names = {"JSONL", "CSV", "PARQUET"})
    void everyFormatReadsBackWithItsChildTablesAcrossLoads(LoaderFileFormat format) {
        Pipeline p = lake(format);
        p.run(Resource.of("orders", List.of(Map.of("id", 1, "note", "a, \"b\"", "items", List.of("x", "y")))));
        p.run(Resource.of("orders", List.of(Map.of("id", 2, "note", "c", "items", List.of("z")))));

        assertThat(p.destination().capabilities().supportsDatasetQueries()).isTrue();
        List<Object> notes;
        try (Stream<Map<String, Object>> rows = p.dataset().query("SELECT note FROM orders ORDER BY id").rows()) {
            notes = rows.map(r -> r.get("note")).toList();
        }
        assertThat(notes).containsExactly("a, \"b\"", "c");
        assertThat(p.dataset().table("orders__items").fetchAll()).hasSize(3);
        assertThat(p.dataset().tableNames()).contains("orders", "orders__items", "_dlt_loads");
    }

    @Test
    void aFolderWithoutATableIsNamedInTheError() {
        Pipeline p = lake(LoaderFileFormat.JSONL);
        p.run(Resource.of("orders", List.of(Map.of("id", 1))));

        assertThatThrownBy(() -> p.dataset().table("order"))
                .hasMessageContaining("table 'order' is not in dataset lake_data at " + tmp.resolve("lake").toUri()
                        .toString().replaceAll("/$", ""))
                .hasMessageContaining("(did you mean 'orders'?)");
    }
}
