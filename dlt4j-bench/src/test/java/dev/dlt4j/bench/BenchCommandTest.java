package dev.dlt4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonOutputParsesAndCountsTheRows() throws Exception {
        Run r = bench("flat-rows", "--rows", "200", "--repeat", "1", "--json", "--work-dir", tmp.toString());

        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode flat = new ObjectMapper().readTree(lines[0]);
        assertThat(flat.path("variant").asText()).isEqualTo("flat-rows");
        assertThat(flat.path("tables").path("flat").asLong()).isEqualTo(200);
        assertThat(flat.path("stages").path("total").path("median_s").asDouble()).isPositive();
        assertThat(r.err()).contains("dlt4j bench: flat-rows run 1/1");
    }

    @Test
    void unknownScenarioFailsNamingTheChoices() {
        Run r = bench("flat");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown benchmark scenario 'flat'; choose from flat-rows, flat-pages,"
                + " flat-records, flat-typed, nested-pages, parallel, knobs, formats, postgres, ceiling, files");
    }

    @Test
    void sparkRunsAlone() {
        Run r = bench("spark", "flat-rows");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("scenario spark runs alone: dlt4j bench spark [--rows N] [--repeat N]");
    }

    @Test
    void helpListsTheScenarios() {
        Run r = bench("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("flat-rows", "flat-pages", "nested-pages", "parallel", "knobs", "ceiling",
                "--rows", "--repeat", "--json");
    }
}
