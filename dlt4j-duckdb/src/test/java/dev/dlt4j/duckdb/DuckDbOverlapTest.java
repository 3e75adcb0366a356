package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.ExtractConfig;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Refresh;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.testing.OverlapContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlapped runs ({@code package_max_items}) against one package per run, into DuckDB. */
class DuckDbOverlapTest extends OverlapContract {
    @TempDir
    Path tmp;

    @Override
    protected Pipeline.Builder builder(String name) {
        return DuckDbTesting.pipeline(tmp, name);
    }

    private static Source events(int run) {
        List<Map<String, Object>> rows = IntStream.range(0, 20).mapToObj(i -> Map.<String, Object>of("id", run * 100 + i))
                .toList();
        return Source.of("shop", Resource.of("events", rows));
    }

    @Test
    void aRefreshEmptiesTheTablesInTheRunsFirstPackageOnly() {
        Pipeline p = builder("refresh").extract(ExtractConfig.DEFAULTS.withPackageMaxItems(4)).build();
        p.run(events(1));
        LoadInfo refreshed = p.run(events(2), Refresh.DROP_DATA);
        assertThat(refreshed.loadIds()).hasSize(5);
        assertThat(DuckDbTesting.query(tmp.resolve("refresh.duckdb"), "SELECT id FROM refresh_data.events ORDER BY id"))
                .extracting(r -> ((Number) r.get("id")).intValue())
                .containsExactlyElementsOf(IntStream.range(200, 220).boxed().toList());
    }
}
