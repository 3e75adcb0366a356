package dev.dlt4j.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The bar's rendered line: moving inside one file or job, fitted to the terminal width, child tables included. */
class BarRenderTest {
    private static final long MB = 1024L * 1024;

    /** A sample {@code seconds} after the stage started, with fixed memory and no CPU figure. */
    private static SystemStats at(StageCounters stage, double seconds) {
        return new SystemStats(stage.startNanos + (long) (seconds * 1e9), OptionalLong.empty(), 45 * MB, 128 * MB,
                OptionalLong.of(210 * MB));
    }

    @Test
    void oneFileNormalizingMovesByItsRows() {
        StageCounters s = new StageCounters("Normalize demo in 1.2");
        s.counter("Files").total = 1;
        s.counter("Rows").total = 20000;
        s.counter("Rows").count = 5120;
        s.counter("issues").count = 5120;
        s.counter("issues__labels").count = 15360;

        assertThat(BarCollector.render(s, at(s, 2), at(s, 2), false)).isEqualTo("Normalize demo in 1.2"
                + " [######------------------]  26% | Files 0/1 | rows 5120/20000 | issues 5120 (2560/s)"
                + " | issues__labels 15360 (7680/s) | 2.0s | heap 45/128 MB | RSS 210 MB");
    }

    @Test
    void aLoadMovesByTheBytesOfTheJobsLoadingNow() {
        StageCounters s = new StageCounters("Load demo in 1.2");
        s.counter("Jobs").total = 3;
        s.counter("Jobs").count = 1;
        s.counter("Rows").total = 120000;
        s.counter("Rows").count = 90000;
        s.counter("Bytes").total = 40 * MB;
        s.counter("Bytes").count = 30 * MB;

        assertThat(BarCollector.render(s, at(s, 8), at(s, 8), false)).isEqualTo("Load demo in 1.2"
                + " [##################------]  75% | Jobs 1/3 | rows 90000/120000 | 30.0 MB/40.0 MB | 8.0s"
                + " | heap 45/128 MB | RSS 210 MB");
    }

    @Test
    void oneResourceOfUnknownSizeShowsABlockMovingAndItsRows() {
        StageCounters s = new StageCounters("Extract demo");
        s.counter("Resources").total = 1;
        assertThat(BarCollector.render(s, at(s, 0.1), at(s, 0.1), false))
                .startsWith("Extract demo [------------------------]   0% | Resources 0/1 | 0.1s");
        s.counter("issues").count = 17000;

        String early = BarCollector.render(s, at(s, 1), at(s, 1), false);
        String later = BarCollector.render(s, at(s, 2), at(s, 2), false);

        assertThat(early).startsWith("Extract demo [----####----------------]  ... | Resources 0/1 | issues 17000"
                + " (17000/s) | 1.0s");
        assertThat(later).startsWith("Extract demo [--------####------------]  ... | Resources 0/1");
        s.counter("Resources").count = 1;
        assertThat(BarCollector.render(s, at(s, 2), at(s, 2), true)).startsWith("Extract demo"
                + " [########################] 100% | Resources 1/1 | issues 17000");
    }

    @Test
    void aNarrowTerminalDropsStatsThenFoldsChildTablesNeverOverflowing() {
        StageCounters s = new StageCounters("Normalize demo in 1.2");
        s.counter("Files").total = 2;
        s.counter("Files").count = 1;
        for (String t : new String[] {"issues", "issues__labels", "issues__assignees", "issues__labels__names"}) {
            s.counter(t).count = 1000;
        }

        String wide = BarCollector.render(s, at(s, 1), at(s, 1), false, 250);
        String mid = BarCollector.render(s, at(s, 1), at(s, 1), false, 120);
        String narrow = BarCollector.render(s, at(s, 1), at(s, 1), false, 95);

        assertThat(wide).contains("issues__labels__names 1000 (1000/s)", "RSS 210 MB");
        assertThat(mid).hasSizeLessThanOrEqualTo(119).doesNotContain("heap").contains("issues 1000")
                .contains("+3 more 3000 | 1.0s");
        assertThat(narrow).isEqualTo("Normalize demo in 1.2 [############------------]  50% | Files 1/2"
                + " | +4 tables 4000 | 1.0s");
        assertThat(BarCollector.render(s, at(s, 1), at(s, 1), false, 30)).hasSize(29);
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertThat(BarCollector.size(512)).isEqualTo("512 B");
        assertThat(BarCollector.size(1536)).isEqualTo("1.5 KB");
        assertThat(BarCollector.size(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GB");
    }
}
