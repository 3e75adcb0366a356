package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dlt4j} launcher's JVM options, as README.md ("dlt4j" command line) and
 * docs/performance.md ("Memory", "JIT options") say: the script is copied next to jars it finds up
 * to date (so it builds nothing) and run with a {@code java} on the PATH that prints the arguments
 * it was given, one per line.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "dlt4j");

    @TempDir
    Path root;

    @BeforeEach
    void copyLauncherNextToUpToDateJars() throws IOException {
        Files.copy(LAUNCHER, root.resolve("dlt4j"));
        Path cli = Files.createDirectories(root.resolve("dlt4j-cli").resolve("target"));
        Files.createFile(cli.resolve("dlt4j-cli-0.2.0-all.jar"));
        Files.createFile(Files.createDirectories(root.resolve("dlt4j-bench").resolve("target"))
                .resolve("dlt4j-bench-0.2.0.jar"));
        Files.createFile(cli.resolve(".launcher-built")); // newer than every source: nothing to build
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void commandsThatMoveDataRunInABoundedHeapWithTheSerialCollector() throws Exception {
        for (String command : List.of("demo", "run", "ingest", "bench")) {
            assertThat(jvmArgs(null, command)).as(command).contains("-Xmx512m", "-XX:+UseSerialGC");
        }
    }

    @Test
    void commandsThatMoveDataCompileFourTimesLater() throws Exception {
        for (String command : List.of("demo", "run", "ingest", "bench")) {
            assertThat(jvmArgs(null, command)).as(command).contains("-XX:CompileThresholdScaling=4");
        }
    }

    @Test
    void javaOptsReplaceTheDefaults() throws Exception {
        List<String> args = jvmArgs("-Xmx2g", "demo");

        assertThat(args).contains("-Xmx2g")
                .doesNotContain("-Xmx512m", "-XX:+UseSerialGC", "-XX:CompileThresholdScaling=4");
    }

    @Test
    void emptyJavaOptsRunTheJvmsOwnDefaults() throws Exception {
        List<String> args = jvmArgs("", "demo");

        assertThat(args).noneMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:+Use")
                || a.startsWith("-XX:CompileThreshold"));
    }

    @Test
    void benchRunsItsCommandWithTheSameOptions() throws Exception {
        List<String> args = jvmArgs(null, "bench", "flat-pages");

        assertThat(args).contains("-Xmx512m", "-XX:+UseSerialGC", "dev.dlt4j.bench.BenchCommand", "flat-pages");
    }

    @Test
    void helpAndFolderCommandsRunWithTheFirstJitTierOnly() throws Exception {
        for (String command : List.of("--help", "--version", "pipeline", "config")) {
            assertThat(jvmArgs(null, command)).as(command).contains("-XX:TieredStopAtLevel=1");
        }
        assertThat(jvmArgs(null, "demo")).doesNotContain("-XX:TieredStopAtLevel=1");
    }

    @Test
    void helpAndFolderCommandsKeepTheJitsThresholds() throws Exception {
        // C1 alone compiles what a one-second command needs; later would only interpret longer
        for (String command : List.of("--help", "pipeline", "config")) {
            assertThat(jvmArgs(null, command)).as(command).contains("-Xmx512m")
                    .noneMatch(a -> a.startsWith("-XX:CompileThresholdScaling"));
        }
    }

    @Test
    void theClassDataArchiveIsUsedWhenTheBuildMadeIt() throws Exception {
        assertThat(jvmArgs(null, "demo")).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile="));

        Path jsa = Files.createFile(root.resolve("dlt4j-cli").resolve("target").resolve("dlt4j-cli.jsa"));

        assertThat(jvmArgs(null, "demo")).contains("-XX:SharedArchiveFile=" + jsa);
    }

    /** The arguments the launcher gives {@code java}; {@code javaOpts} null: DLT4J_JAVA_OPTS unset. */
    private List<String> jvmArgs(String javaOpts, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("dlt4j").toString()));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", root.resolve("bin") + java.io.File.pathSeparator + env.get("PATH"));
        env.remove("DLT4J_JAVA_OPTS");
        env.remove("SPARK_HOME");
        if (javaOpts != null) {
            env.put("DLT4J_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
