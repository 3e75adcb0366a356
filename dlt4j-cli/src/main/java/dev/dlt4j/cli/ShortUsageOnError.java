package dev.dlt4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(t.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && c.length() > best.length())) {
                bestDistance = d;
                best = c;
            }
        }
        boolean prefix = best != null && best.startsWith(t) && t.length() >= 2;
        return best != null && (prefix || bestDistance <= Math.max(2, t.length() / 3)) ? Optional.of(best)
                : Optional.empty();
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
