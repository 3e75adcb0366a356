package dev.dlt4j.cli;

import dev.dlt4j.config.ClosestName;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a mistyped command line prints instead of picocli's whole help: one line naming what was
 * wrong, a did-you-mean when a command or option of that level is close to it, the command's short
 * usage and where the full help is; exit code 2 (invalid command line).
 *
 * <pre>
 * dlt4j: unknown command 'infoo' for 'dlt4j pipeline'
 * Did you mean 'info'?
 * Usage: dlt4j pipeline (-l | list) | dlt4j pipeline &lt;name&gt; (info|show|query|...) [-v]
 * See 'dlt4j pipeline --help'.
 * </pre>
 */
final class ShortUsageOnError implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        CommandSpec spec = cmd.getCommandSpec();
        PrintWriter err = cmd.getErr();
        String qualified = spec.qualifiedName();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String bad = u.getUnmatched().get(0);
            boolean option = bad.startsWith("-");
            err.println("dlt4j: unknown " + (option ? "option" : "command") + " '" + bad + "' for '" + qualified + "'");
            closest(bad, option ? optionNames(spec) : commandNames(spec))
                    .ifPresent(s -> err.println("Did you mean '" + s + "'?"));
        } else {
            err.println("dlt4j: " + ex.getMessage());
        }
        err.println("Usage: " + shortUsage(cmd));
        if (!spec.subcommands().isEmpty() && !(cmd.getCommand() instanceof PipelineCommand)) {
            err.println("Commands: " + String.join(", ", commandNames(spec)));
        }
        err.println("See '" + qualified + " --help'.");
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    private static String shortUsage(CommandLine cmd) {
        if (cmd.getCommand() instanceof PipelineCommand) {
            return PipelineCommand.SHORT_USAGE;
        }
        return cmd.getHelp().abbreviatedSynopsis().strip();
    }

    private static List<String> commandNames(CommandSpec spec) {
        return new ArrayList<>(spec.subcommands().keySet());
    }

    private static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            names.addAll(List.of(o.names()));
        }
        return names;
    }

    /** The candidate nearest to {@code typed} by edit distance, when near enough to be a typo. */
    static Optional<String> closest(String typed, List<String> candidates) {
        String t = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        return ClosestName.rule().countingTranspositions().acceptingPrefixes().preferringLonger().closest(t, candidates);
    }
}
