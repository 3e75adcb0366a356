package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of normalizing during extract (branch streamnorm): cases where a run with
 * {@code [normalize] during_extract} on must leave what a run with it off leaves.
 */
class NormalizeDuringExtractReviewTest {
    @TempDir
    Path tmp;

    /** The columns of {@code dataset.table} as DuckDB holds them, in their order, with their types. */
    private List<String> columns(String name, String table) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : DuckDbTesting.query(tmp.resolve(name + ".duckdb"), "SELECT column_name, data_type"
                + " FROM information_schema.columns WHERE table_schema = '" + name + "_data' AND table_name = '" + table
                + "' ORDER BY ordinal_position")) {
            out.add(r.get("column_name") + " " + r.get("data_type"));
        }
        return out;
    }

    /** Row 0 holds a number in {@code score}, rows 1..19 text: normalized in the order written, a text variant. */
    private static List<Map<String, Object>> numberThenText() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("score", i == 0 ? (Object) 7L : "s" + i);
            rows.add(r);
        }
        return rows;
    }

    /**
     * With {@code [extract.data_writer] file_max_items} set by the user, a table's rows span several
     * extracted files; normalize must read them in the order they were written whether or not it
     * runs during extract, else the first value it meets (and so a column's type and its variants)
     * depends on random file ids, and the two settings give different tables.
     */
    @Test
    void userFileMaxItemsGivesTheSameTablesWithDuringExtractOnAndOff() {
        DataWriterConfig oneRowPerFile = DataWriterConfig.DEFAULTS.withFileMaxItems(1).withBufferMaxItems(1);
        for (int attempt = 0; attempt < 3; attempt++) {
            String on = "ufm_on" + attempt;
            String off = "ufm_off" + attempt;
            Pipeline a = DuckDbTesting.pipeline(tmp, on).extractDataWriter(oneRowPerFile).build();
            Pipeline b = DuckDbTesting.pipeline(tmp, off).extractDataWriter(oneRowPerFile)
                    .normalize(NormalizeConfig.DEFAULTS.withDuringExtract(false)).build();
            a.run(Source.of("shop", Resource.of("events", numberThenText())));
            b.run(Source.of("shop", Resource.of("events", numberThenText())));
            // the first row written decides: score is a number, the later text goes to a variant
            assertThat(columns(on, "events")).as("during_extract on").contains("score BIGINT", "score__v_text VARCHAR");
            assertThat(columns(off, "events")).as("during_extract off").isEqualTo(columns(on, "events"));
        }
    }
}
