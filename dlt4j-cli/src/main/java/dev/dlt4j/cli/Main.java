package dev.dlt4j.cli;

import dev.dlt4j.PipelineException;
import dev.dlt4j.spi.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dlt4j} command: one subcommand per task, each with {@code --help}. */
@Command(name = "dlt4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A data load tool for Java: extract, normalize and load into a live relational dataset.",
        subcommands = {DemoCommand.class, IngestCommand.class, RunCommand.class, ConfigCommand.class, PipelineCommand.class,
                BenchLauncherOnly.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: errors print one line (the stack trace with DLT4J_DEBUG set). */
    public static CommandLine commandLine() {
        return commandLine(System.getenv("DLT4J_DEBUG") != null);
    }

    /** The command line; with {@code debug} an error prints its stack trace too, passwords masked. */
    static CommandLine commandLine(boolean debug) {
        return withOneLineErrors(new CommandLine(new Main()), debug);
    }

    /**
     * Makes {@code cl} report errors as every dlt4j command does: one line on stderr, exit code 1,
     * the stack trace too when DLT4J_DEBUG is set. For commands that live outside this module
     * ({@code dlt4j bench} in dlt4j-bench, which the launcher script runs from that module's jar).
     */
    public static CommandLine withOneLineErrors(CommandLine cl) {
        return withOneLineErrors(cl, System.getenv("DLT4J_DEBUG") != null);
    }

    private static CommandLine withOneLineErrors(CommandLine cl, boolean debug) {
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("dlt4j: " + oneLine(ex));
            if (debug) {
                Secrets.scrub(ex).printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        // a mistyped command or option: one line, a did-you-mean and the short usage, not the whole help
        cl.setParameterExceptionHandler(new ShortUsageOnError());
        return cl;
    }

    /** The message with its innermost cause, passwords masked (see {@link PipelineException#oneLine}). */
    static String oneLine(Throwable ex) {
        return PipelineException.oneLine(ex);
    }

    /**
     * {@code --version}: the version the build wrote into {@code version.properties} (the pom's
     * project version), so the jar cannot claim another.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dlt4j " + version()};
        }

        static String version() {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IllegalStateException("version.properties is missing from the dlt4j-cli jar: the jar"
                            + " was not built by Maven (mvn package builds it)");
                }
                p.load(in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read version.properties of the dlt4j-cli jar", e);
            }
            return p.getProperty("version");
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
