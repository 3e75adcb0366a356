package dev.dlt4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code dlt4j ingest} run in this JVM: its exit code and what it printed. Shared by the ingest
 * tests (SQL, files, Spark) so they start the command the same way, with their own pipelines folder.
 */
record IngestRun(int code, String out, String err) {
    /** Runs {@code ingest --pipelines-dir <pipelinesDir> <args>} through {@link Main#commandLine()}. */
    static IngestRun ingest(Path pipelinesDir, String... args) {
        List<String> all = new ArrayList<>(List.of("ingest", "--pipelines-dir", pipelinesDir.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new IngestRun(code, out.toString(), err.toString());
    }
}
