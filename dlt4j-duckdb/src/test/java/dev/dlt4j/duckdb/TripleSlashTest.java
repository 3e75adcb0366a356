package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duckdb:///x.duckdb}: dlt reads it as a relative path, dlt4j as an absolute one (as a file
 * URI does), and warns when the path lies outside the working directory's tree.
 */
class TripleSlashTest {
    @TempDir
    Path tmp;

    @Test
    void aTripleSlashPathOutsideTheWorkingDirectoryIsWarnedAboutNamingBothSpellings() {
        assertThat(DuckDbDestinationFactory.tripleSlashWarning("duckdb:///shop.duckdb", Path.of("/shop.duckdb"),
                Path.of("/home/ann/project"))).hasValue("DuckDB URI 'duckdb:///shop.duckdb' names the absolute path"
                        + " /shop.duckdb, outside the working directory /home/ann/project: dlt4j reads three slashes"
                        + " as a file URI does, while dlt reads duckdb:///shop.duckdb as the relative path shop.duckdb."
                        + " Write duckdb:/shop.duckdb (or duckdb:////shop.duckdb, four slashes, as dlt writes an"
                        + " absolute path) to keep this file without this warning, or duckdb:shop.duckdb for"
                        + " /home/ann/project/shop.duckdb");
    }

    @Test
    void aPathInsideTheWorkingDirectoryTreeIsNotWarnedAbout() {
        assertThat(DuckDbDestinationFactory.tripleSlashWarning("duckdb:///home/ann/project/data/x.duckdb",
                Path.of("/home/ann/project/data/x.duckdb"), Path.of("/home/ann/project"))).isEmpty();
    }

    @Test
    void threeSlashesFourSlashesAndOneMeanTheSameAbsoluteFile() {
        for (String uri : List.of("duckdb://" + tmp.resolve("a.duckdb"), "duckdb:///" + tmp.resolve("a.duckdb"),
                "duckdb:" + tmp.resolve("a.duckdb"))) {
            Pipeline p = Pipeline.builder("slashes").destination(uri).dataset("d")
                    .pipelinesDir(tmp.resolve("pipelines")).build();
            assertThat(p.destinationLocation()).as(uri).isEqualTo(tmp.resolve("a.duckdb").toString());
        }
        Pipeline p = Pipeline.builder("slashes").destination("duckdb://" + tmp.resolve("a.duckdb")).dataset("d")
                .pipelinesDir(tmp.resolve("pipelines")).build();
        p.run(Resource.of("t", List.of(Map.of("id", 1))));
        assertThat(p.dataset().rowCounts()).containsEntry("t", 1L);
    }
}
