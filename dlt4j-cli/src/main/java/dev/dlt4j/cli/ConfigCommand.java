package dev.dlt4j.cli;

import dev.dlt4j.config.ConfigKey;
import dev.dlt4j.config.ConfigKeys;
import dev.dlt4j.config.ConfigResolver;
import dev.dlt4j.config.ConfigSetting;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dlt4j config}: inspects the configuration a pipeline would run with. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Inspect configuration (.dlt/config.toml, .dlt/secrets.toml, environment variables).",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Keys.class})
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code dlt4j config show}: every effective knob for a pipeline, source and resource, of every
     * module on the class path (core, each destination): its value, its default and where it came
     * from (provider and the exact section or environment variable).
     */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print every effective setting for a pipeline (and source/resource) with its origin.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--pipeline", required = true, description = "The pipeline name.")
        String pipeline;

        @Option(names = "--source", description = "The source (default: the pipeline name, as for resources run"
                + " without a source).")
        String source;

        @Option(names = "--resource", description = "A resource of the source, for per-resource extract settings.")
        String resource;

        @Option(names = "--project-dir", description = "The folder holding .dlt/ (default: $DLT_PROJECT_DIR or the"
                + " working directory).")
        Path projectDir;

        @Override
        public Integer call() {
            var env = System.getenv();
            ConfigResolver config = ConfigResolver.of(projectDir != null ? projectDir
                    : ConfigResolver.defaultProjectDir(env), env);
            List<ConfigSetting> settings = config.show(pipeline, Optional.ofNullable(source),
                    Optional.ofNullable(resource));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Configuration of pipeline " + pipeline + ", source " + (source == null ? pipeline : source)
                    + (resource == null ? "" : ", resource " + resource));
            out.println("settings folder: " + config.settingsDir());
            out.println();
            int moduleWidth = "module".length();
            int scopeWidth = "scope".length();
            int keyWidth = "key".length();
            int valueWidth = "value".length();
            int defaultWidth = "default".length();
            for (ConfigSetting s : settings) {
                moduleWidth = Math.max(moduleWidth, s.module().length());
                scopeWidth = Math.max(scopeWidth, s.scope().length());
                keyWidth = Math.max(keyWidth, s.key().length());
                valueWidth = Math.max(valueWidth, s.value().length());
                defaultWidth = Math.max(defaultWidth, s.defaultValue().length());
            }
            String format = "%-" + moduleWidth + "s  %-" + scopeWidth + "s  %-" + keyWidth + "s  %-" + valueWidth
                    + "s  %-" + defaultWidth + "s  %s%n";
            out.printf(format, "module", "scope", "key", "value", "default", "from");
            for (ConfigSetting s : settings) {
                String from = s.origin().shortForm();
                if (!s.origin().keyName().isEmpty() && !s.origin().keyName().equals(s.key())) {
                    from += " (as " + s.origin().keyName() + ")";
                }
                out.printf(format, s.module(), s.scope(), s.key(), s.value(), s.defaultValue(), from);
            }
            for (String w : config.warnings()) {
                out.println("warning: " + w);
            }
            out.flush();
            return 0;
        }
    }

    /**
     * {@code dlt4j config keys}: every key declared on the class path, with its module, default,
     * allowed values and description; {@code --markdown} prints the README's configuration table.
     */
    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "List every config key the modules on the class path declare.")
    static final class Keys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--markdown", description = "Print the table of README.md and docs/configuration.md.")
        boolean markdown;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (markdown) {
                out.print(ConfigKeys.markdownTable());
            } else {
                for (ConfigKey<?> k : ConfigKeys.all()) {
                    out.println((k.section().isEmpty() ? "" : "[" + k.section() + "] ") + k.name() + " = "
                            + k.defaultText() + "  (" + ConfigKeys.module(k) + ")");
                    out.println("    " + k.description());
                    out.println("    allowed: " + k.allowed());
                }
            }
            out.flush();
            return 0;
        }
    }
}
