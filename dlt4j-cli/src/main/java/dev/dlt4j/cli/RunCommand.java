package dev.dlt4j.cli;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Source;
import dev.dlt4j.spi.Secrets;
import dev.dlt4j.spi.SourceFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlt4j run pipeline.toml}: a whole pipeline from one TOML file, sources of any type found
 * by their {@code type} through {@link SourceFactory} (the command names no source module). Every
 * source is built, so checked, before the first one runs; {@code --dry-run} stops there and
 * prints the plan.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline a TOML file declares: [pipeline] name, destination and dataset, and one"
                + " [sources.<name>] table per source with its type (rest_api, sql_database, filesystem, ...).",
        footer = {"", "Example (pipeline.toml):", "",
            "  [pipeline]",
            "  name = \"github\"",
            "  destination = \"duckdb:github.duckdb\"",
            "  dataset = \"github_data\"",
            "",
            "  [sources.issues]",
            "  type = \"rest_api\"",
            // picocli expands ${NAME} in help texts from system properties and the environment (a user's
            // real token would be printed); $${ keeps the placeholder as written
            "  client = { base_url = \"https://api.github.com/repos/dlt-hub/dlt/\", auth = { type = \"bearer\","
                    + " token = \"$${GITHUB_TOKEN}\" }, paginator = \"header_link\" }",
            "  resource_defaults = { primary_key = \"id\", write_disposition = \"merge\" }",
            "  resources = [",
            "    { name = \"issues\", endpoint = { path = \"issues\", params = { state = \"all\", since ="
                    + " \"{incremental.start_value}\" }, incremental = { cursor_path = \"updated_at\","
                    + " initial_value = \"2024-01-01T00:00:00Z\" } } },",
            "    { name = \"comments\", include_from_parent = [\"number\"], endpoint = { path ="
                    + " \"issues/{resources.issues.number}/comments\" } },",
            "  ]",
            "",
            "  [sources.orders]",
            "  type = \"sql_database\"",
            "  credentials = \"postgresql://postgres@127.0.0.1:5432/test\"",
            "  tables = [\"public.orders\"]",
            "",
            "A value may be literal, $${ENV_VAR}, or left out: a secret left out (e.g. the token above) is read from",
            ".dlt/secrets.toml or the environment by its section path ([sources.issues.client.auth] token, or",
            "SOURCES__ISSUES__CLIENT__AUTH__TOKEN). Keys of a rest_api source are dlt's: see docs/rest_api.md.",
            "",
            "  dlt4j run pipeline.toml --dry-run        check everything, print resources, endpoints, pagination",
            "  dlt4j run pipeline.toml --only issues    run one source"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (TOML).")
    Path file;

    @Option(names = "--only", paramLabel = "SOURCE", description = "Run only this source (repeatable).")
    List<String> only = new ArrayList<>();

    @Option(names = "--dry-run", description = "Check the file, resolve secrets and print the plan; request and load"
            + " nothing.")
    boolean dryRun;

    @Option(names = "--project-dir", description = "The folder holding .dlt/ (default: $DLT_PROJECT_DIR or the"
            + " working directory).")
    Path projectDir;

    @Option(names = "--pipelines-dir", description = "Where pipeline working folders live (default: the file's"
            + " pipelines_dir, else ~/.dlt4j/pipelines).")
    Path pipelinesDir;

    private final Map<String, String> env;

    RunCommand() {
        this(System.getenv());
    }

    /** With the environment given, for tests. */
    RunCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PipelineFile pf = PipelineFile.read(file, env);
        Map<String, SourceFactory> factories = factories();
        for (String name : only) {
            if (!pf.sources.containsKey(name)) {
                throw new PipelineFile.RunException(file + ": --only " + name + ": no source [sources." + name + "]"
                        + PipelineFile.DidYouMean.suggest(name, pf.sources.keySet()) + "; sources: "
                        + String.join(", ", pf.sources.keySet()));
            }
        }
        Map<String, Map<String, Object>> chosen = new LinkedHashMap<>();
        Map<String, SourceFactory> chosenFactories = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : pf.sources.entrySet()) {
            String name = e.getKey();
            Object type = e.getValue().get("type");
            if (!(type instanceof String t)) {
                throw pf.error(List.of("sources", name), "[sources." + name + "] needs type = one of "
                        + String.join(", ", factories.keySet()));
            }
            SourceFactory f = factories.get(t);
            if (f == null) {
                throw pf.error(List.of("sources", name, "type"), "[sources." + name + "] type '" + t + "' is not a"
                        + " source type" + PipelineFile.DidYouMean.suggest(t, factories.keySet()) + "; types: "
                        + String.join(", ", factories.keySet()));
            }
            if (only.isEmpty() || only.contains(name)) {
                Map<String, Object> settings = new LinkedHashMap<>(e.getValue());
                settings.remove("type");
                chosen.put(name, settings);
                chosenFactories.put(name, f);
            }
        }

        Pipeline pipeline = pipeline(pf);
        // every source is built (checked, secrets resolved) before the first request of any
        Map<String, Source> sources = new LinkedHashMap<>();
        Map<String, List<String>> plans = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : chosen.entrySet()) {
            String name = e.getKey();
            SourceFactory f = chosenFactories.get(name);
            try {
                if (dryRun) {
                    plans.put(name, f.plan(name, e.getValue(), pipeline.config()));
                } else {
                    sources.put(name, f.create(name, e.getValue(), pipeline.config()));
                }
            } catch (IllegalArgumentException ex) {
                throw settingError(pf, name, f.type(), ex);
            }
        }
        out.println("Pipeline " + pipeline.name() + ": " + pipeline.destination().type() + " at "
                + pipeline.destinationLocation() + ", dataset " + pipeline.datasetName());
        if (dryRun) {
            for (Map.Entry<String, List<String>> e : plans.entrySet()) {
                out.println();
                out.println("source " + e.getKey() + " (" + chosenFactories.get(e.getKey()).type() + ")");
                for (String line : e.getValue()) {
                    out.println("  " + line);
                }
            }
            out.println();
            out.println("Dry run: the file is valid and every secret resolved; nothing was requested or loaded.");
            out.flush();
            return 0;
        }
        for (Map.Entry<String, Source> e : sources.entrySet()) {
            out.println();
            out.println("source " + e.getKey() + " (" + chosenFactories.get(e.getKey()).type() + ")");
            out.flush();
            LoadInfo info = pipeline.run(e.getValue());
            out.println(info);
            out.flush();
        }
        return 0;
    }

    private Pipeline pipeline(PipelineFile pf) {
        Pipeline.Builder b = Pipeline.builder((String) pf.pipeline.get("name")).environment(env);
        if (pf.pipeline.get("destination") instanceof String d) {
            b.destination(d);
        }
        if (pf.pipeline.get("dataset") instanceof String d) {
            b.dataset(d);
        }
        if (pf.pipeline.get("pipelines_dir") instanceof String d) {
            b.pipelinesDir(Path.of(d));
        }
        if (pipelinesDir != null) {
            b.pipelinesDir(pipelinesDir);
        }
        if (projectDir != null) {
            b.projectDir(projectDir);
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw pf.error(List.of("pipeline"), "[pipeline]: " + Secrets.maskUris(e.getMessage()));
        }
    }

    /**
     * A factory's refusal as {@code file:line: [sources.x] key.path: message}: factories start their
     * messages with the key path (see {@link SourceFactory}); the line is that key's, or its table's.
     */
    private static PipelineFile.RunException settingError(PipelineFile pf, String source, String type,
            IllegalArgumentException e) {
        String message = Secrets.maskUris(e.getMessage() == null ? e.toString() : e.getMessage());
        int colon = message.indexOf(": ");
        String keyPath = colon > 0 && message.substring(0, colon).matches("[A-Za-z0-9_.\\[\\]]+")
                ? message.substring(0, colon) : "";
        String rest = keyPath.isEmpty() ? message : message.substring(colon + 2);
        List<String> path = PipelineFile.segments(source, keyPath);
        return pf.error(path, PipelineFile.keyText(path) + ": " + rest);
    }

    private static Map<String, SourceFactory> factories() {
        Map<String, SourceFactory> out = new LinkedHashMap<>();
        for (SourceFactory f : ServiceLoader.load(SourceFactory.class)) {
            out.putIfAbsent(f.type(), f);
        }
        return out;
    }
}
