package dev.dlt4j.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A crash test's child JVM: runs a test class's {@code main} on this test's class path, small and
 * quick to start, with its output in a log file the assertions quote when it does not end as expected.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code main}'s class with {@code args}, stdout and stderr into {@code log}. */
    static Process start(Class<?> main, Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", javaTmp(log.getParent()), "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * {@code -Djava.io.tmpdir} in {@code testDir}: a child killed or halted never runs its exit hooks, and
     * DuckDB's driver leaves the 68 MB copy of its native library it loads from the temporary folder
     * (lz4-java its own); inside the test's folder JUnit deletes them with it, instead of /tmp filling up
     * over a CI run.
     */
    static String javaTmp(Path testDir) throws IOException {
        return "-Djava.io.tmpdir=" + Files.createDirectories(testDir.resolve("java-tmp"));
    }

    /** Runs it to its end (at most 120 s) and returns its exit code. */
    static int run(Class<?> main, Path log, String... args) throws Exception {
        Process p = start(main, log, args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the child did not end in 120 s; its log:\n" + logText(log));
        }
        return p.exitValue();
    }

    /** The child's output so far, for an assertion's message. */
    static String logText(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
