package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.duckdb.DuckDbDestination;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An upsert whose load has a key twice keeps one root row, but the nested rows of the key share their
 * ids by position and are kept per position: the load says so, with the count of such keys and never
 * their values (the user's data).
 */
class RepeatedKeysWarningTest {
    @TempDir
    Path tmp;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger merge = (Logger) LoggerFactory.getLogger("dev.dlt4j.sql.SqlMerge");

    @BeforeEach
    void capture() {
        logged.start();
        merge.addAppender(logged);
    }

    @AfterEach
    void release() {
        merge.detachAppender(logged);
    }

    private Pipeline pipeline() {
        return Pipeline.builder("rk").destination(DuckDbDestination.at(tmp.resolve("rk.duckdb"))).dataset("rk_data")
                .pipelinesDir(tmp.resolve("pipelines")).build();
    }

    @Test
    void anUpsertLoadWithAKeyTwiceAndNestedRowsWarnsWithTheCountOfSuchKeys() {
        pipeline().run(Resource.of("t", List.of(Map.of("id", "secret-key-1", "l", List.of(1, 2, 3)),
                Map.of("id", "secret-key-1", "l", List.of(8)), Map.of("id", "other", "l", List.of(5))))
                .merge(MergeStrategy.UPSERT).primaryKey("id"));

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .startsWith("Table t, load ").contains(": 1 primary key(s) are in more than one row of the load.")
                .contains("give each key one row per load").doesNotContain("secret-key-1");
    }

    @Test
    void anUpsertLoadWithEachKeyOnceSaysNothing() {
        pipeline().run(Resource.of("t", List.of(Map.of("id", 1, "l", List.of(1)), Map.of("id", 2, "l", List.of(2))))
                .merge(MergeStrategy.UPSERT).primaryKey("id"));
        assertThat(logged.list).isEmpty();
    }
}
