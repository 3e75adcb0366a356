package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.MergeStrategy;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.Resource;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.CrashPointHook;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.LoaderFileFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination declares what it can do ({@link NoMergeDestination}, written only against the SPI:
 * no merge, no staging); the pipeline checks every resource against it before extract and refuses
 * what cannot work with a message naming the table, what was asked and what the destination
 * declares — and then nothing was extracted. What it can do loads for real.
 */
class CapabilitiesBeforeExtractTest {
    private static final String NO_MERGE_DECLARES = "write dispositions: append, replace; merge strategies: none;"
            + " replace strategies: truncate-and-insert; staging dataset: no";

    @TempDir
    Path tmp;

    private Pipeline pipeline(Destination destination) {
        return Pipeline.builder("caps").destination(destination).dataset("caps_data")
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of()).build();
    }

    private NoMergeDestination noMerge() {
        return new NoMergeDestination(tmp.resolve("dest"));
    }

    private static Resource users() {
        return Resource.of("users", List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b")));
    }

    /** Every file under the pipeline's working folder (state, schemas, packages), relative to it. */
    private static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    @Test
    void aMergeResourceIsRefusedBeforeAnyFileIsWrittenNamingTableDispositionAndCapabilities() throws IOException {
        Pipeline p = pipeline(noMerge());
        Resource merge = users().primaryKey("id").writeDisposition(WriteDisposition.MERGE);

        assertThatThrownBy(() -> p.run(merge))
                .isInstanceOf(PipelineException.class)
                .hasMessage("Pipeline caps, stage extract, resource users, table users: write disposition \"merge\""
                        + " (merge strategy \"delete-insert\") is not supported by destination nomerge, which"
                        + " declares " + NO_MERGE_DECLARES + ". Hint: load this table with a write disposition the"
                        + " destination supports, or into a destination with merge strategies. Nothing was"
                        + " extracted.");

        // the working folder holds its empty layout, the lock and the run's trace: no package, no schema, no state
        assertThat(filesUnder(p.workingDir())).containsExactly("load/.version", "normalize/.version", "pipeline.lock",
                "trace.json");
        assertThat(p.workingDir().resolve("normalize/extracted")).satisfiesAnyOf(
                d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
        assertThat(tmp.resolve("dest")).doesNotExist();
    }

    @Test
    void aRefreshThatDropsTablesIsRefusedBeforeExtractByADestinationThatCannotDropThem() throws IOException {
        NoMergeDestination dest = noMerge();
        Pipeline p = pipeline(dest);
        p.run(users());
        List<String> before = filesUnder(p.workingDir());
        for (dev.dlt4j.Refresh mode : List.of(dev.dlt4j.Refresh.DROP_RESOURCES, dev.dlt4j.Refresh.DROP_SOURCES)) {
            assertThatThrownBy(() -> p.run(dev.dlt4j.Source.of("caps", users()), mode))
                    .isInstanceOf(PipelineException.class)
                    .hasMessageContaining("refresh " + mode.dltName() + " drops tables, but destination nomerge"
                            + " cannot drop tables (it does not declare supportsDropTables)")
                    .hasMessageContaining("use refresh drop_data");
        }
        assertThat(filesUnder(p.workingDir())).isEqualTo(before);
        // drop_data only empties tables, which every destination does; a destination that cannot read state
        // back is never asked to restore one
        p.run(dev.dlt4j.Source.of("caps", users()), dev.dlt4j.Refresh.DROP_DATA);
        assertThat(dest.rows("caps_data", "users")).hasSize(2);
    }

    @Test
    void theSameDestinationLoadsAnAppendResource() {
        NoMergeDestination dest = noMerge();
        Pipeline p = pipeline(dest);
        p.run(users());
        p.run(users());

        List<String> rows = dest.rows("caps_data", "users");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).contains("\"id\":1").contains("\"name\":\"a\"").contains("\"_dlt_load_id\"");
        assertThat(dest.rows("caps_data", "_dlt_loads")).hasSize(2);
    }

    @Test
    void aDestinationWithoutJobMarkersIsNeverAskedForThemAndAResumedPackageLoadsItsRowsOnce() {
        NoMergeDestination dest = noMerge(); // its client fails a run whose loader asks for job markers
        Pipeline p = pipeline(dest);
        CrashPointHook.throwAt("load.before_complete_load", 1);
        try {
            assertThatThrownBy(() -> p.run(users())).isInstanceOf(CrashPointHook.Crash.class);
        } finally {
            CrashPointHook.clear();
        }

        p.run(users().tableName("others"));

        assertThat(dest.rows("caps_data", "users")).hasSize(2);
        assertThat(dest.rows("caps_data", "others")).hasSize(2);
        assertThat(dest.rows("caps_data", "_dlt_loads")).hasSize(2);
    }

    @Test
    void replaceByTruncateAndInsertLeavesTheLastRunsRows() {
        NoMergeDestination dest = noMerge();
        Pipeline p = pipeline(dest);
        p.run(users().writeDisposition(WriteDisposition.REPLACE));
        p.run(users().writeDisposition(WriteDisposition.REPLACE));
        assertThat(dest.rows("caps_data", "users")).hasSize(2);
    }

    @Test
    void aDestinationThatDeclaresTheFallbackLoadsMergeAsAppend() {
        NoMergeDestination dest = noMerge().declaring(b -> b.mergeFallsBackToAppend(true));
        Pipeline p = pipeline(dest);
        Resource merge = users().primaryKey("id").merge(MergeStrategy.UPSERT);
        p.run(merge);
        p.run(merge);
        assertThat(dest.rows("caps_data", "users")).hasSize(4);
    }

    @Test
    void replaceIsRefusedWhenTheDestinationDeclaresNoReplaceStrategy() {
        Pipeline p = pipeline(noMerge().declaring(b -> b.replaceStrategies()));
        assertThatThrownBy(() -> p.run(users().writeDisposition(WriteDisposition.REPLACE)))
                .hasMessage("Pipeline caps, stage extract, resource users, table users: write disposition"
                        + " \"replace\" is not supported by destination nomerge, which declares write dispositions:"
                        + " append; merge strategies: none; replace strategies: none; staging dataset: no. Hint:"
                        + " load this table with a write disposition the destination supports, or into another"
                        + " destination. Nothing was extracted.");
        assertThat(p.workingDir().resolve("normalize/extracted")).isEmptyDirectory();
    }

    @Test
    void replaceIsRefusedForTheOneTableTheDestinationSelectsNoReplaceStrategyFor() {
        NoMergeDestination dest = new NoMergeDestination(tmp.resolve("dest")) {
            @Override
            public Set<ReplaceStrategy> replaceStrategies(Table table) {
                return table.name().equals("ledger") ? Set.of() : super.replaceStrategies(table);
            }
        };
        Pipeline p = pipeline(dest);
        Resource ledger = Resource.of("ledger", List.of(Map.of("id", 1))).writeDisposition(WriteDisposition.REPLACE);
        assertThatThrownBy(() -> p.run(ledger))
                .hasMessageStartingWith("Pipeline caps, stage extract, resource ledger, table ledger: write"
                        + " disposition \"replace\" is not supported by destination nomerge, which declares write"
                        + " dispositions: append; merge strategies: none; replace strategies: none;");
        p.run(users().writeDisposition(WriteDisposition.REPLACE));
        assertThat(dest.rows("caps_data", "users")).hasSize(2);
    }

    @Test
    void aMergeStrategyTheDestinationSelectsOutForTheTableIsRefusedNamingWhatItSupportsThere() {
        NoMergeDestination dest = new NoMergeDestination(tmp.resolve("dest"), NoMergeDestination.CAPABILITIES
                .toBuilder().hasStagingDataset(true).mergeStrategies(MergeStrategy.DELETE_INSERT, MergeStrategy.UPSERT)
                .build()) {
            @Override
            public Set<MergeStrategy> mergeStrategies(Table table) {
                return table.name().equals("events") ? Set.of(MergeStrategy.DELETE_INSERT)
                        : super.mergeStrategies(table);
            }
        };
        Pipeline p = pipeline(dest);
        Resource events = Resource.of("events", List.of(Map.of("id", 1))).primaryKey("id").merge(MergeStrategy.UPSERT);
        assertThatThrownBy(() -> p.run(events))
                .hasMessage("Pipeline caps, stage extract, resource events, table events: merge strategy \"upsert\" is"
                        + " not supported by destination nomerge, which supports: delete-insert. Hint: pick one of them"
                        + " with Resource.merge(MergeStrategy). Nothing was extracted.");
        assertThat(p.workingDir().resolve("normalize/extracted")).isEmptyDirectory();
    }

    @Test
    void aFormatTheDestinationDoesNotReadForTheTableIsRefusedNamingResourceTableAndSupportedFormats() {
        NoMergeDestination dest = new NoMergeDestination(tmp.resolve("dest"), NoMergeDestination.CAPABILITIES
                .toBuilder().supportedFormats(LoaderFileFormat.CSV).build()) {
            @Override
            public Set<LoaderFileFormat> supportedFormats(Table table) {
                return table.name().equals("events") ? Set.of(LoaderFileFormat.CSV) : super.supportedFormats(table);
            }
        };
        Pipeline p = pipeline(dest);
        assertThatThrownBy(() -> p.run(Resource.of("events", List.of(Map.of("id", 1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource events: destination nomerge does not support loader file format jsonl for"
                        + " table events; supported: csv; set one of them with Resource.fileFormat(...)");
        assertThat(p.workingDir().resolve("normalize/extracted")).isEmptyDirectory();
    }

    @Test
    void aResourceDeclaringMoreColumnsThanTheDestinationAllowsIsRefused() {
        Pipeline p = pipeline(noMerge().declaring(b -> b.maxColumnsPerTable(2)));
        Resource wide = users().columns(Column.of("a", DataType.TEXT), Column.of("b", DataType.TEXT),
                Column.of("c", DataType.TEXT));
        assertThatThrownBy(() -> p.run(wide))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource users (table users): declares 3 columns, more than the 2 destination nomerge"
                        + " allows in a table; declare at most 2 columns, or split the resource");
        assertThat(p.workingDir().resolve("normalize/extracted")).isEmptyDirectory();
    }

    @Test
    void aMergePackageExtractedWhereMergeFellBackIsRefusedAtLoadAndStaysPending() {
        Path folder = tmp.resolve("dest");
        Resource merge = users().primaryKey("id").writeDisposition(WriteDisposition.MERGE);
        pipeline(new NoMergeDestination(folder).declaring(b -> b.mergeFallsBackToAppend(true))).extract(merge);

        Pipeline strict = pipeline(new NoMergeDestination(folder));
        strict.normalize();
        assertThatThrownBy(strict::load)
                .isInstanceOf(PipelineException.class)
                .hasMessageStartingWith("Pipeline caps, stage load, load id ")
                .hasMessageContaining(", table users: write disposition \"merge\" (merge strategy \"delete-insert\")"
                        + " is not supported by destination nomerge, which declares " + NO_MERGE_DECLARES + ".")
                .hasMessageEndingWith("Nothing was loaded; the package stays pending.");
        assertThat(strict.workingDir().resolve("load/normalized")).isNotEmptyDirectory();
        assertThat(new NoMergeDestination(folder).rows("caps_data", "users")).isEmpty();
    }
}
