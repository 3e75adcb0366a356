package dev.dlt4j.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code dlt4j bench startup}: the wall time of {@code dlt4j --help} and {@code dlt4j pipeline list}
 * (against an empty pipelines folder), each started {@code repeat} times as a new JVM, plain
 * ({@code java -jar}) and as the {@code ./dlt4j} launcher starts it (the class-data archive
 * {@code dlt4j-cli.jsa} next to the jar, C1 only). The CLI jar is the one on this JVM's class path.
 */
final class StartupBench {
    private StartupBench() {
    }

    static int run(int repeat, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Path jar = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(Paths::get).filter(p -> p.getFileName().toString().matches("dlt4j-cli-.*-all\\.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no dlt4j-cli-*-all.jar on the class path ("
                        + System.getProperty("java.class.path") + "); run the benchmark with ./dlt4j bench startup"));
        Path jsa = jar.resolveSibling("dlt4j-cli.jsa");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path empty = Files.createTempDirectory("dlt4j-bench-startup");
        int runs = Math.max(repeat, 5);
        List<String> launcher = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
        if (Files.isRegularFile(jsa)) {
            launcher.addAll(List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        } else {
            err.println("dlt4j bench startup: no class-data archive at " + jsa + " (mvn package makes it)");
        }
        out.printf(Locale.ROOT, "%-22s %-12s %8s %8s %8s%n", "command", "jvm", "median s", "min s", "max s");
        for (List<String> command : List.of(List.of("--help"), List.of("pipeline", "list", "--pipelines-dir",
                empty.toString()))) {
            for (boolean asLauncher : new boolean[] {false, true}) {
                List<String> cmd = new ArrayList<>(asLauncher ? launcher : List.of(java));
                cmd.addAll(List.of("-jar", jar.toString()));
                cmd.addAll(command);
                double[] seconds = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                        p.destroyForcibly();
                        throw new IllegalStateException("'" + String.join(" ", cmd) + "' failed or took over 60 s");
                    }
                    seconds[i] = (System.nanoTime() - t0) / 1e9;
                }
                Arrays.sort(seconds);
                out.printf(Locale.ROOT, "%-22s %-12s %8.3f %8.3f %8.3f%n", String.join(" ", command.subList(0,
                        Math.min(2, command.size()))), asLauncher ? "./dlt4j" : "java -jar", seconds[runs / 2],
                        seconds[0], seconds[runs - 1]);
                out.flush();
            }
        }
        Files.deleteIfExists(empty);
        return 0;
    }
}
