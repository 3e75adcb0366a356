package dev.dlt4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dlt4j} command: one subcommand per task, each with {@code --help}. */
@Command(name = "dlt4j", mixinStandardHelpOptions = true, version = "dlt4j 0.1.0",
        description = "A data load tool for Java: extract, normalize and load into a live relational dataset.",
        subcommands = {DemoCommand.class, ConfigCommand.class, PipelineCommand.class, BenchCommand.class,
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
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("dlt4j: " + oneLine(ex));
            if (System.getenv("DLT4J_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cl;
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        return m.replace('\n', ' ');
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
