package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.duckdb.DuckDbDestination;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Extract waits for normalize-during-extract to keep up: however much faster extract is than
 * normalize (here pages, whose extract is a copy of arrays, against JSON lines), it leaves at most
 * two of a package's files to normalize after it (NormalizeAhead.MAX_FILES_WAITING), so that the
 * rest of normalize overlaps extract instead of running after it on one core.
 */
class NormalizeKeepsPaceTest {
    private static final Pattern DONE = Pattern.compile("(\\d+) of (\\d+) file\\(s\\) were normalized during extract");
    @TempDir
    Path tmp;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger ahead = (Logger) LoggerFactory.getLogger("dev.dlt4j.normalize.NormalizeAhead");
    private Level level;

    @BeforeEach
    void capture() {
        level = ahead.getLevel();
        ahead.setLevel(Level.DEBUG);
        logged.start();
        ahead.addAppender(logged);
    }

    @AfterEach
    void release() {
        ahead.detachAppender(logged);
        ahead.setLevel(level);
    }

    @Test
    void extractLeavesAtMostTwoFilesToNormalizeAfterIt() {
        List<ColumnPage> pages = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            ColumnPage.Builder b = ColumnPage.builder().column("id", DataType.BIGINT).column("name", DataType.TEXT)
                    .column("score", DataType.DOUBLE);
            for (int i = p * 20_000; i < (p + 1) * 20_000; i++) {
                b.setLong(0, i).set(1, "name " + i).setDouble(2, i / 7.0).endRow();
            }
            pages.add(b.build()); // a page is appended whole, and a file closes every 20,000 rows: a file a page
        }
        Pipeline pipeline = Pipeline.builder("pace").destination(DuckDbDestination.at(tmp.resolve("pace.duckdb")))
                .dataset("pace_data").pipelinesDir(tmp.resolve("pipelines")).build();

        dev.dlt4j.LoadInfo info = pipeline.run(Resource.of("fast", pages));

        Matcher m = logged.list.stream().map(ILoggingEvent::getFormattedMessage).map(DONE::matcher)
                .filter(Matcher::find).findFirst().orElseThrow(() -> new AssertionError("nothing was normalized"
                        + " during extract: " + logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList()));
        int done = Integer.parseInt(m.group(1));
        int files = Integer.parseInt(m.group(2));
        assertThat(files).isGreaterThanOrEqualTo(20);
        assertThat(files - done).as("files left to normalize after extract").isLessThanOrEqualTo(2);
        assertThat(info.rows("fast")).isEqualTo(400_000);
    }
}
