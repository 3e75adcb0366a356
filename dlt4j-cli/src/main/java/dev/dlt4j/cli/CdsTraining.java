package dev.dlt4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The training run of the command line's class-data archive: the build runs it once at package
 * time with {@code -XX:ArchiveClassesAtExit=target/dlt4j-cli.jsa} (see the exec plugin in the pom),
 * and the {@code ./dlt4j} launcher starts the JVM with that archive, so the classes of the commands
 * below are mapped from it instead of being read from the jar, verified and linked on every start.
 * It runs the commands whose start-up counts ({@code --help}, {@code --version}, {@code pipeline list},
 * a subcommand's help, a usage error) and a small {@code demo} into a temporary DuckDB file, printing
 * nothing, and loads the JDBC drivers the SQL source uses.
 */
final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("dlt4j-cds-training");
        try {
            String pipelines = dir.toString();
            String[][] runs = {{"--help"}, {"--version"}, {"pipeline", "list", "--pipelines-dir", pipelines},
                {"pipeline", "--help"}, {"demo", "--help"}, {"config", "--help"}, {"no-such-command"},
                {"pipeline", "no_such_pipeline", "info", "--pipelines-dir", pipelines},
                // a small real run: extract, normalize, load into DuckDB and the inspection after it, whose
                // classes (Jackson, DuckDB's driver, the stages) a data-moving command loads on every start
                {"demo", "--rows", "3000", "--database", dir.resolve("demo.duckdb").toString(), "--pipelines-dir",
                    pipelines},
                {"pipeline", "demo", "info", "--pipelines-dir", pipelines}};
            for (String driver : new String[] {"org.postgresql.Driver", "org.mariadb.jdbc.Driver"}) {
                try {
                    Class.forName(driver); // the SQL source's drivers: loaded, never connected
                } catch (ClassNotFoundException absent) {
                    // a build without that driver simply archives without it
                }
            }
            for (String[] run : runs) {
                CommandLine cl = Main.commandLine();
                cl.setOut(new PrintWriter(new StringWriter()));
                cl.setErr(new PrintWriter(new StringWriter()));
                int code = cl.execute(run);
                if (code != 0 && run[0].equals("demo")) {
                    // the build runs this: an archive trained without the real run would hide the loss silently
                    throw new IllegalStateException("the class-data archive's training run 'demo' exited " + code);
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
