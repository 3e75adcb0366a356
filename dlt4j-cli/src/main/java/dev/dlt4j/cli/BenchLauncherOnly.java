package dev.dlt4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code dlt4j bench} as this jar sees it: the benchmark lives in the dlt4j-bench module, which the
 * command line does not depend on. The {@code dlt4j} launcher script runs
 * {@code dev.dlt4j.bench.BenchCommand} from that module's jar instead of this jar's main class, so
 * this command runs only when the jar is started directly ({@code java -jar}); it then says how to
 * run the benchmark. It exists so that {@code dlt4j --help} still lists {@code bench}.
 */
@Command(name = "bench", description = "Benchmark against DuckDB's own ingest (the dlt4j-bench module, run by the"
        + " ./dlt4j script; ./dlt4j bench --help lists the scenarios).")
final class BenchLauncherOnly implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        throw new IllegalStateException("'bench" + (args.isEmpty() ? "" : " " + String.join(" ", args))
                + "' is not part of this jar: the benchmark is the dlt4j-bench module; run it with the launcher"
                + " script, ./dlt4j bench " + String.join(" ", args)
                + " (it puts dlt4j-bench/target/dlt4j-bench-*.jar on the class path)");
    }
}
