package dev.dlt4j.cli;

import static dev.dlt4j.cli.CliJson.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineTrace;
import dev.dlt4j.progress.TraceJson;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PipelineLock;
import dev.dlt4j.storage.PipelineStorage;
import dev.dlt4j.spi.SafePaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code dlt4j pipeline}: inspects pipeline working folders: the list of pipelines, one pipeline's
 * info, state, last trace, a load package, its schema as YAML. Those read the folder only. {@code sync}
 * (restore state and schemas from the destination) and {@code drop RESOURCE...} (drop their tables
 * at the destination and reset their state) contact the destination through a pipeline;
 * {@code drop --working-folder} and {@code drop-pending-packages} change the folder only. Commands that
 * change the folder hold the pipeline's lock while they do, and refuse while a run holds it.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Inspect a pipeline, show or query its dataset, restore it from its destination, or drop resources or its working folder.",
                "Usage: " + PipelineCommand.SHORT_USAGE},
        subcommands = {PipelineCommand.ListCommand.class, PipelineCommand.InfoCommand.class,
                PipelineCommand.StateCommand.class, PipelineCommand.SyncCommand.class,
                PipelineCommand.TraceCommand.class, PipelineCommand.LoadPackageCommand.class,
                PipelineCommand.FailedJobsCommand.class,
                PipelineCommand.SchemaCommand.class, PipelineCommand.DropCommand.class,
                PipelineCommand.DropPendingPackagesCommand.class, ShowCommand.class, QueryCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:pipeline, package or trace not found, drop declined, or another error",
                "2:invalid command line"})
final class PipelineCommand implements Runnable {
    /** What a mistyped command line is shown, instead of the whole help. */
    static final String SHORT_USAGE = "dlt4j pipeline (-l | list) | dlt4j pipeline <name> (info|state|show|query|trace|"
            + "load-package|failed-jobs|schema|sync|drop|drop-pending-packages) [-v]";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<name>",
            description = "The pipeline (a folder in the pipelines dir); every command but list needs it.")
    String name;

    @Option(names = "--pipelines-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where pipeline working folders live (default $DLT4J_DATA_DIR/pipelines or ~/.dlt4j/pipelines).")
    Path pipelinesDir;

    @Option(names = {"-l", "--list-pipelines"}, description = "List the pipelines in the pipelines dir (as 'list').")
    boolean listPipelines;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "More detail: info shows the sources' state and the columns of each table, failed-jobs the job files.")
    boolean[] verbose = new boolean[0];

    @Override
    public void run() {
        if (listPipelines) {
            ListCommand list = new ListCommand();
            list.parent = this;
            list.spec = spec;
            list.call();
            return;
        }
        throw new CommandLine.ParameterException(spec.commandLine(), name == null
                ? "Missing command: use 'dlt4j pipeline list' or 'dlt4j pipeline <name> info' (see --help)"
                : "Missing command after pipeline name " + name + ": one of info, state, show, query, trace,"
                        + " load-package, failed-jobs, schema, sync, drop, drop-pending-packages");
    }

    /** How many times -v was given. */
    int verbosity() {
        return verbose.length;
    }

    Path pipelinesDir() {
        return pipelinesDir != null ? pipelinesDir : Pipeline.defaultPipelinesDir();
    }

    /** The named pipeline's working folder; an error when no name was given or the folder does not exist. */
    Path workingDir(CommandSpec sub) {
        if (name == null) {
            throw new CommandLine.ParameterException(sub.commandLine(), "Missing pipeline name: dlt4j pipeline <name> "
                    + sub.name() + " (dlt4j pipeline list shows the pipelines)");
        }
        Path dir = SafePaths.child(pipelinesDir(), name, "pipeline name");
        if (!isPipeline(dir)) {
            throw new IllegalArgumentException("pipeline " + name + " not found in " + pipelinesDir()
                    + "; 'dlt4j pipeline list' shows the pipelines there (use --pipelines-dir or DLT4J_DATA_DIR"
                    + " to look elsewhere)");
        }
        return dir;
    }

    /**
     * Takes the pipeline's lock for a command that changes its working folder, held until the
     * change is done, so that nothing is deleted under a running load; refuses while a run holds it.
     */
    PipelineLock lock(Path dir, String command) {
        try {
            return PipelineLock.acquire(dir, name);
        } catch (PipelineLock.PipelineLockedException e) {
            throw new IllegalStateException("pipeline " + name + " is running in process " + e.holderPid()
                    + ", so '" + command + "' was refused and nothing changed; wait for that run to finish (or stop"
                    + " it), then run 'dlt4j pipeline " + name + " " + command + "' again", e);
        }
    }

    /** Asks a yes/no question on stdin; anything but y/yes declines and prints {@code declined} on stderr. */
    static boolean confirmed(CommandSpec spec, String question, String declined) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.print(question + " [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        String a = answer == null ? "" : answer.trim();
        if (a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes")) {
            return true;
        }
        out.println();
        spec.commandLine().getErr().println("dlt4j: " + declined);
        return false;
    }

    static boolean isPipeline(Path dir) {
        return Files.isDirectory(dir) && (Files.exists(dir.resolve("state.json")) || Files.isDirectory(dir.resolve("load")));
    }

    static Optional<JsonNode> readJson(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<String> childFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code dlt4j pipeline list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the pipelines in the pipelines dir.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = parent.pipelinesDir();
            List<String> names = childFolders(dir).stream().filter(n -> isPipeline(dir.resolve(n))).toList();
            out.println(names.size() + " pipeline(s) found in " + dir);
            names.forEach(out::println);
            out.flush();
            return 0;
        }
    }

    /** {@code dlt4j pipeline <name> info}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Dataset, destination, schema tables with rows loaded by the last run, packages and the last trace.")
    static final class InfoCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path dir = parent.workingDir(spec);
            PrintWriter out = spec.commandLine().getOut();
            JsonNode state = readJson(dir.resolve("state.json")).orElse(MAPPER.createObjectNode());
            Optional<PipelineTrace> trace = TraceJson.read(dir);
            out.println("Found pipeline " + parent.name + " in " + dir);
            out.println("Dataset: " + state.path("dataset_name").asText("(unknown)"));
            out.println("Destination: " + state.path("destination_type").asText("(unknown)"));
            Map<String, Long> rows = trace.map(t -> loadedRows(dir, t)).orElse(Map.of());
            for (String schemaFile : schemaFiles(dir)) {
                JsonNode schema = readJson(dir.resolve("schemas").resolve(schemaFile)).orElseThrow();
                String schemaName = schema.path("name").asText(schemaFile);
                out.println("Schema " + schemaName + " (version " + schema.path("version").asText("?") + "), tables:");
                out.printf(Locale.ROOT, "  %-40s %8s %14s%n", "table", "columns", "rows loaded");
                for (var it = schema.path("tables").fields(); it.hasNext();) {
                    var t = it.next();
                    if (t.getKey().startsWith("_dlt_")) {
                        continue;
                    }
                    out.printf(Locale.ROOT, "  %-40s %8d %14s%n", t.getKey(), t.getValue().path("columns").size(),
                            rows.containsKey(t.getKey()) ? String.format(Locale.ROOT, "%,d", rows.get(t.getKey()))
                                    : "-");
                    if (parent.verbosity() > 0) {
                        for (var c = t.getValue().path("columns").fields(); c.hasNext();) {
                            var col = c.next();
                            out.printf(Locale.ROOT, "      %-38s %s%s%n", col.getKey(),
                                    col.getValue().path("data_type").asText("?"),
                                    col.getValue().path("nullable").asBoolean(true) ? "" : " not null");
                        }
                    }
                }
            }
            printResourceStates(out, state);
            if (parent.verbosity() > 0) {
                out.println("Sources state: " + state.path("sources").toString());
            }
            List<String> extracted = childFolders(dir.resolve("normalize/extracted"));
            List<String> normalized = childFolders(dir.resolve("load/normalized"));
            List<String> loaded = childFolders(dir.resolve("load/loaded"));
            out.println("Pending packages: " + (extracted.size() + normalized.size()) + " (extracted: "
                    + listOrNone(extracted) + "; normalized: " + listOrNone(normalized) + ")");
            out.print("Loaded packages: " + loaded.size());
            if (!loaded.isEmpty()) {
                String last = loaded.get(loaded.size() - 1);
                out.print(" (last " + last + ", " + completedState(dir.resolve("load/loaded").resolve(last)) + ")");
            }
            out.println();
            List<LoadPackage> failed = failedPackages(dir);
            out.println("Failed packages: " + failed.size() + (failed.isEmpty() ? "" : " (kept for inspection;"
                    + " 'dlt4j pipeline " + parent.name + " failed-jobs' shows why)"));
            for (LoadPackage pkg : failed) {
                out.println("  " + pkg.loadId() + ": " + pkg.failure().orElse(pkg.jobs(JobState.FAILED).size()
                        + " failed job(s)").lines().findFirst().orElse(""));
            }
            out.println(trace.map(t -> "Last trace: run started at " + t.startedAt() + " "
                    + (t.succeeded() ? "COMPLETED" : "FAILED") + " with " + t.steps().size()
                    + " step(s); 'dlt4j pipeline " + parent.name + " trace' shows it")
                    .orElse("Last trace: none"));
            out.flush();
            return 0;
        }

        /** Rows per table of the last trace's normalize steps whose packages are now loaded (not aborted or pending). */
        private static Map<String, Long> loadedRows(Path dir, PipelineTrace trace) {
            Map<String, Long> out = new java.util.HashMap<>();
            for (var step : trace.steps()) {
                boolean loaded = step.step().equals("normalize") && !step.loadIds().isEmpty()
                        && step.loadIds().stream().allMatch(id -> {
                            Path pkg = dir.resolve("load/loaded").resolve(id);
                            return Files.isDirectory(pkg) && completedState(pkg).equals("loaded");
                        });
                if (loaded) {
                    step.rowCounts().forEach((t, n) -> out.merge(t, n, Long::sum));
                }
            }
            return out;
        }

        /**
         * Each resource's state as of the last loaded package ({@code sources.<source>.resources.<resource>}),
         * one JSON line each, and its incremental cursors' last values ({@code incremental.<path>.last_value}).
         */
        private static void printResourceStates(PrintWriter out, JsonNode state) {
            JsonNode sources = state.path("sources");
            List<String> lines = new java.util.ArrayList<>();
            for (var src = sources.fields(); src.hasNext();) {
                var source = src.next();
                for (var res = source.getValue().path("resources").fields(); res.hasNext();) {
                    var resource = res.next();
                    // the cursors get a line each below; the rest is cut short ('state' prints it all)
                    JsonNode rest = resource.getValue().deepCopy();
                    if (rest.isObject()) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) rest).remove("incremental");
                    }
                    String text = rest.toString();
                    lines.add("  " + source.getKey() + "." + resource.getKey() + ": " + (text.length() <= MAX_STATE_SHOWN
                            ? text : text.substring(0, MAX_STATE_SHOWN) + "... (" + text.length() + " characters)"));
                    for (var cur = resource.getValue().path("incremental").fields(); cur.hasNext();) {
                        var cursor = cur.next();
                        JsonNode parents = cursor.getValue().path("parents");
                        if (parents.isObject()) { // Incremental.perParent: one cursor per parent key
                            List<String> each = new java.util.ArrayList<>();
                            parents.fields().forEachRemaining(p -> each.add(p.getKey() + ": last_value "
                                    + cursorValue(p.getValue().path("last_value"))));
                            lines.add("    cursor " + cursor.getKey() + " (per parent): "
                                    + (each.isEmpty() ? "none" : String.join(", ", each)));
                            continue;
                        }
                        lines.add("    cursor " + cursor.getKey() + ": last_value "
                                + cursorValue(cursor.getValue().path("last_value")));
                    }
                }
            }
            out.println("Resource state (state version " + state.path("_state_version").asText("0") + "): "
                    + (lines.isEmpty() ? "none" : ""));
            lines.forEach(out::println);
        }

        /**
         * A stored cursor value as text: a decimal, date-time, date or time without the private-use
         * character (U+F026 to U+F029, U+F02D) that marks its type in dlt's typed JSON.
         */
        private static String cursorValue(JsonNode v) {
            if (v.isMissingNode() || v.isNull()) {
                return "(none)";
            }
            if (!v.isTextual()) {
                return v.toString();
            }
            String text = v.asText();
            return !text.isEmpty() && (text.charAt(0) == '\uf026' || text.charAt(0) == '\uf027'
                    || text.charAt(0) == '\uf028' || text.charAt(0) == '\uf029' || text.charAt(0) == '\uf02d')
                    ? text.substring(1) : text;
        }

        /** The characters of a resource's state {@code info} shows; {@code state} prints all of it. */
        private static final int MAX_STATE_SHOWN = 200;

        private static String listOrNone(List<String> ids) {
            return ids.isEmpty() ? "none" : String.join(", ", ids);
        }
    }

    static List<String> schemaFiles(Path dir) {
        Path schemas = dir.resolve("schemas");
        if (!Files.isDirectory(schemas)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(schemas)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + schemas + ": " + e.getMessage(), e);
        }
    }

    /** Packages marked aborted in load/loaded (failed jobs, or set aside as failed), oldest first; read only. */
    static List<LoadPackage> failedPackages(Path dir) {
        Path loaded = dir.resolve("load/loaded");
        return childFolders(loaded).stream().map(id -> new LoadPackage(loaded.resolve(id)))
                .filter(p -> p.completedState().equals("aborted")).toList();
    }

    static String completedState(Path pkg) {
        return readJson(pkg.resolve(LoadPackage.COMPLETED_FILE)).map(n -> n.path("state").asText("loaded"))
                .orElse("loaded");
    }

    /** {@code dlt4j pipeline <name> trace}. */
    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "Print the last run's trace: steps, times, rows per table, files, errors, changed config.")
    static final class TraceCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print trace.json as it is stored.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Path dir = parent.workingDir(spec);
            Optional<PipelineTrace> trace = TraceJson.read(dir);
            if (trace.isEmpty()) {
                spec.commandLine().getErr().println("dlt4j: pipeline " + parent.name
                        + " has no trace yet; it is written by run, extract, normalize and load");
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(TraceJson.toJson(trace.get()))
                    : trace.get().toString());
            out.flush();
            return 0;
        }
    }

    /** {@code dlt4j pipeline <name> load-package [LOAD_ID]}. */
    @Command(name = "load-package", mixinStandardHelpOptions = true,
            description = {"Show a load package: its state, jobs by state and failed jobs' messages.",
                    "Without LOAD_ID: the newest extracted package, else the newest normalized, else the newest loaded."})
    static final class LoadPackageCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "LOAD_ID", description = "The load id of the package.")
        String loadId;

        @Override
        public Integer call() {
            Path dir = parent.workingDir(spec);
            List<Path> places = List.of(dir.resolve("normalize/extracted"), dir.resolve("load/normalized"),
                    dir.resolve("load/loaded"));
            Path found = null;
            for (Path place : places) {
                List<String> ids = childFolders(place);
                if (loadId == null && !ids.isEmpty()) {
                    found = place.resolve(ids.get(ids.size() - 1));
                    break;
                }
                if (loadId != null && ids.contains(loadId)) {
                    found = place.resolve(loadId);
                    break;
                }
            }
            if (found == null) {
                spec.commandLine().getErr().println("dlt4j: " + (loadId == null ? "pipeline " + parent.name
                        + " has no load packages" : "load package " + loadId + " not found in pipeline " + parent.name
                        + "; 'dlt4j pipeline " + parent.name + " info' lists the packages"));
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            String state = found.getParent().endsWith(Path.of("normalize/extracted")) ? "extracted"
                    : found.getParent().endsWith(Path.of("load/normalized")) ? "normalized" : completedState(found);
            out.println("Package " + found.getFileName() + " found in " + found);
            out.println("State: " + state);
            readJson(found.resolve(LoadPackage.SCHEMA_FILE)).ifPresent(s -> out.println("Schema: "
                    + s.path("name").asText() + " (version " + s.path("version").asText("?") + ", "
                    + s.path("tables").size() + " tables)"));
            out.println("Jobs:");
            LoadPackage pkg = new LoadPackage(found);
            for (JobState js : JobState.values()) {
                List<Path> files = jobFiles(pkg.jobFolder(js));
                out.println("  " + js.folder() + ": " + files.size());
                for (Path f : files) {
                    String file = f.getFileName().toString();
                    out.printf(Locale.ROOT, "    %s (table %s, %,d bytes)%n", file, file.substring(0, file.indexOf('.')),
                            size(f));
                    if (js == JobState.FAILED) {
                        Path msg = f.resolveSibling(file + ".exception");
                        if (Files.exists(msg)) {
                            out.println("      failed with: " + read(msg).strip().replace("\n", "\n      "));
                        }
                    }
                }
            }
            out.flush();
            return 0;
        }

        private static List<Path> jobFiles(Path folder) {
            if (!Files.isDirectory(folder)) {
                return List.of();
            }
            try (Stream<Path> s = Files.list(folder)) {
                return s.filter(p -> {
                    String n = p.getFileName().toString();
                    return Files.isRegularFile(p) && !n.startsWith(".") && !n.endsWith(".exception") && n.contains(".");
                }).sorted(Comparator.comparing(Path::toString)).toList();
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }

        private static long size(Path f) {
            try {
                return Files.size(f);
            } catch (IOException e) {
                return -1;
            }
        }

        private static String read(Path f) {
            try {
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + f + ": " + e.getMessage() + ")";
            }
        }
    }

    /** {@code dlt4j pipeline <name> failed-jobs}: every package set aside as failed, and its failed jobs. */
    @Command(name = "failed-jobs", mixinStandardHelpOptions = true,
            description = {"List the packages that failed terminally (marked aborted, kept in load/loaded):",
                    "why each was set aside, and its failed jobs with their messages."})
    static final class FailedJobsCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path dir = parent.workingDir(spec);
            PrintWriter out = spec.commandLine().getOut();
            List<LoadPackage> failed = failedPackages(dir);
            if (failed.isEmpty()) {
                out.println("Pipeline " + parent.name + " has no failed packages.");
            }
            for (LoadPackage pkg : failed) {
                out.println("Package " + pkg.loadId() + " failed, kept in " + pkg.root());
                pkg.failure().ifPresent(f -> out.println("  set aside in " + f.replace("\n", "\n  ")));
                for (JobFileName job : pkg.jobs(JobState.FAILED)) {
                    out.println("  job " + job.fileName() + " (table " + job.table() + ") failed with: "
                            + pkg.failureMessage(job).orElse("(no message)").strip().replace("\n", "\n    "));
                    if (parent.verbosity() > 0) {
                        out.println("    file: " + pkg.jobFolder(JobState.FAILED).resolve(job.fileName()));
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code dlt4j pipeline <name> schema}. */
    @Command(name = "schema", mixinStandardHelpOptions = true,
            description = "Print a schema of the pipeline (the default schema unless --schema) as YAML or JSON.")
    static final class SchemaCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--schema", paramLabel = "NAME", description = "The schema to print (default: the pipeline's default schema).")
        String schemaName;

        @Option(names = "--format", defaultValue = "yaml", paramLabel = "yaml|json",
                description = "Output format: yaml or json (default ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws IOException {
            Path dir = parent.workingDir(spec);
            if (!format.equals("yaml") && !format.equals("json")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format '" + format
                        + "' is not valid; allowed values: yaml, json");
            }
            String wanted = schemaName;
            if (wanted == null) {
                wanted = readJson(dir.resolve("state.json")).map(s -> s.path("default_schema_name").asText(null))
                        .orElse(null);
            }
            List<String> files = schemaFiles(dir);
            if (wanted == null && files.size() == 1) {
                wanted = files.get(0).substring(0, files.get(0).length() - ".schema.json".length());
            }
            Path file = dir.resolve("schemas").resolve(wanted + ".schema.json");
            if (wanted == null || !Files.exists(file)) {
                spec.commandLine().getErr().println("dlt4j: schema " + (wanted == null ? "" : wanted + " ")
                        + "not found in pipeline " + parent.name + "; schemas there: "
                        + (files.isEmpty() ? "none" : String.join(", ", files.stream()
                                .map(f -> f.substring(0, f.length() - ".schema.json".length())).toList())));
                return 1;
            }
            JsonNode schema = readJson(file).orElseThrow();
            PrintWriter out = spec.commandLine().getOut();
            out.print(format.equals("json") ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(schema) + "\n"
                    : Yaml.write(schema));
            out.flush();
            return 0;
        }
    }

    /**
     * The destination a command that contacts it uses: {@code --destination}, else the place the newest
     * package was bound to (a DuckDB file given as {@code --dest duckdb:shop.duckdb}, which the state
     * does not record), else the type in the pipeline's state.
     */
    static String destinationOf(String given, JsonNode state, String pipeline, Path dir) {
        if (given != null) {
            return given;
        }
        Optional<String> bound = PipelineReader.newestBinding(dir).map(PipelineReader::spec);
        if (bound.isPresent()) {
            return bound.get();
        }
        JsonNode type = state.path("destination_type");
        if (!type.isTextual()) {
            throw new IllegalArgumentException("pipeline " + pipeline + " has no destination in its state; give"
                    + " --destination (a name such as duckdb, or a URI such as postgresql://loader@host/db)");
        }
        return type.asText();
    }

    /** The dataset a command that contacts the destination uses: {@code --dataset-name}, else the state's. */
    static String datasetOf(String given, JsonNode state, String pipeline) {
        if (given != null) {
            return given;
        }
        JsonNode dataset = state.path("dataset_name");
        if (!dataset.isTextual() || dataset.asText().isEmpty()) {
            throw new IllegalArgumentException("pipeline " + pipeline + " has no dataset in its state; give"
                    + " --dataset-name");
        }
        return dataset.asText();
    }

    /** A pipeline bound to the destination and dataset, reading .dlt/ of the working directory as a run does. */
    Pipeline pipeline(String destination, String dataset) {
        return Pipeline.builder(name).destination(destination).dataset(dataset).pipelinesDir(pipelinesDir()).build();
    }

    /** {@code dlt4j pipeline <name> state}. */
    @Command(name = "state", mixinStandardHelpOptions = true,
            description = "Print the pipeline's state (JSON): the state of its last loaded package.")
    static final class StateCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path dir = parent.workingDir(spec);
            Optional<JsonNode> state = readJson(dir.resolve("state.json"));
            if (state.isEmpty()) {
                spec.commandLine().getErr().println("dlt4j: pipeline " + parent.name + " has no state yet; it is"
                        + " written when a package loads ('dlt4j pipeline " + parent.name + " sync' restores it from"
                        + " the destination)");
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(state.get()));
            out.flush();
            return 0;
        }
    }

    /** {@code dlt4j pipeline <name> sync}: dlt's {@code sync}, restore from the destination on demand. */
    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = {"Replace the pipeline's state and schemas with those of its destination's newest completed"
                    + " load (_dlt_pipeline_state, _dlt_version).",
                    "Destination and dataset: --destination and --dataset-name, else those in the local state;"
                            + " a pipeline without a working folder needs both.",
                    "Refused while packages are pending. Asks for confirmation unless --yes when local state exists."})
    static final class SyncCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--destination", paramLabel = "NAME_OR_URI", description = "The destination, e.g. duckdb or"
                + " duckdb:///data/shop.duckdb (default: the one in the local state).")
        String destination;
        @Option(names = "--dataset-name", paramLabel = "DATASET", description = "The dataset (default: the one in the"
                + " local state).")
        String dataset;
        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            if (parent.name == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Missing pipeline name: dlt4j pipeline"
                        + " <name> sync");
            }
            Path dir = SafePaths.child(parent.pipelinesDir(), parent.name, "pipeline name");
            Optional<JsonNode> local = isPipeline(dir) ? readJson(dir.resolve("state.json")) : Optional.empty();
            if (!isPipeline(dir) && (destination == null || dataset == null)) {
                throw new IllegalArgumentException("pipeline " + parent.name + " not found in " + parent.pipelinesDir()
                        + "; to restore it from its destination give --destination and --dataset-name");
            }
            JsonNode state = local.orElse(MAPPER.createObjectNode());
            Pipeline pipeline = parent.pipeline(destinationOf(destination, state, parent.name, dir),
                    datasetOf(dataset, state, parent.name));
            String where = pipeline.destination().type() + " " + pipeline.destinationLocation() + " dataset "
                    + pipeline.datasetName();
            if (local.isPresent() && !yes && !confirmed(spec, "Replace the state and schemas of pipeline "
                    + parent.name + " in " + dir + " with those stored at " + where + "?",
                    "not synced; pipeline " + parent.name + " is unchanged")) {
                return 1;
            }
            Optional<dev.dlt4j.PipelineState> restored = pipeline.syncDestination();
            if (restored.isEmpty()) {
                spec.commandLine().getErr().println("dlt4j: no state of pipeline " + parent.name + " is stored at "
                        + where + "; nothing changed");
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Restored pipeline " + parent.name + " from " + where + ": state version "
                    + restored.get().stateVersion() + ", schemas " + restored.get().schemaNames());
            out.flush();
            return 0;
        }
    }

    /**
     * {@code dlt4j pipeline <name> drop}: dlt's {@code drop}, the named resources' tables at the
     * destination and their state; {@code --working-folder} deletes the local working folder instead.
     */
    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = {"Drop resources: their tables (with nested tables) at the destination, from the schema,"
                    + " and their state, by a load of its own (dlt's drop). Destination and dataset: --destination"
                    + " and --dataset-name, else those in the local state.",
                    "--working-folder instead deletes the pipeline's working folder (state, schemas, pending"
                            + " packages, trace); the dataset at the destination is not touched.",
                    "Asks for confirmation unless --yes."})
    static final class DropCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "RESOURCE", description = "Resources to drop.")
        List<String> resources = List.of();
        @Option(names = "--drop-all", description = "Drop every resource of the schema.")
        boolean dropAll;
        @Option(names = "--schema", paramLabel = "SCHEMA", description = "The schema (source) of the resources"
                + " (default: the pipeline's default schema).")
        String schema;
        @Option(names = "--working-folder", description = "Delete the pipeline's working folder instead.")
        boolean workingFolder;
        @Option(names = "--destination", paramLabel = "NAME_OR_URI", description = "The destination (default: the"
                + " one in the local state).")
        String destination;
        @Option(names = "--dataset-name", paramLabel = "DATASET", description = "The dataset (default: the one in"
                + " the local state).")
        String dataset;
        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            if (workingFolder && (dropAll || !resources.isEmpty())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--working-folder deletes the whole"
                        + " working folder; it takes no resources and no --drop-all");
            }
            if (!workingFolder && !dropAll && resources.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Name the resources to drop (their"
                        + " tables at the destination and their state) or give --drop-all; --working-folder deletes"
                        + " the pipeline's working folder instead");
            }
            Path dir = parent.workingDir(spec);
            return workingFolder ? dropWorkingFolder(dir) : dropResources(dir);
        }

        private int dropResources(Path dir) throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode state = readJson(dir.resolve("state.json")).orElse(MAPPER.createObjectNode());
            String schemaName = schema != null ? schema : state.path("default_schema_name").asText(null);
            if (schemaName == null) {
                throw new IllegalArgumentException("pipeline " + parent.name + " has no default schema (it never"
                        + " loaded); give --schema, or 'dlt4j pipeline " + parent.name + " sync' first");
            }
            Path schemaFile = SafePaths.child(dir.resolve("schemas"), schemaName + ".schema.json", "schema name");
            JsonNode tables = readJson(schemaFile).orElseThrow(() -> new IllegalArgumentException("schema "
                    + schemaName + " not found in pipeline " + parent.name + "; schemas there: " + String.join(", ",
                            schemaFiles(dir).stream().map(f -> f.replace(".schema.json", "")).toList())))
                    .path("tables");
            java.util.Map<String, List<String>> byResource = tablesByResource(tables);
            java.util.Set<String> known = new java.util.LinkedHashSet<>(byResource.keySet());
            state.path("sources").path(schemaName).path("resources").fieldNames().forEachRemaining(known::add);
            List<String> names = dropAll ? List.copyOf(known) : resources;
            List<String> unknown = names.stream().filter(r -> !known.contains(r)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("resource(s) " + unknown + " not found in schema " + schemaName
                        + " of pipeline " + parent.name + "; its resources: " + known);
            }
            if (names.isEmpty()) {
                out.println("Schema " + schemaName + " of pipeline " + parent.name + " has no resources; nothing to"
                        + " drop.");
                out.flush();
                return 0;
            }
            List<String> doomed = names.stream().flatMap(r -> byResource.getOrDefault(r, List.of()).stream()).toList();
            List<String> withState = names.stream().filter(r -> state.path("sources").path(schemaName)
                    .path("resources").has(r)).toList();
            Pipeline pipeline = parent.pipeline(destinationOf(destination, state, parent.name, dir),
                    datasetOf(dataset, state, parent.name));
            String where = pipeline.destination().type() + " " + pipeline.destinationLocation() + " dataset "
                    + pipeline.datasetName();
            out.println("Pipeline " + parent.name + ", schema " + schemaName + ", destination " + where + ":");
            out.println("  resources to drop: " + String.join(", ", names));
            out.println("  tables to drop: " + (doomed.isEmpty() ? "none" : String.join(", ", doomed)));
            out.println("  resource state to reset: " + (withState.isEmpty() ? "none" : String.join(", ", withState)));
            if (!yes && !confirmed(spec, "Drop these tables at the destination and reset the state?",
                    "not dropped; pipeline " + parent.name + " and its dataset are unchanged")) {
                return 1;
            }
            dev.dlt4j.LoadInfo info = pipeline.dropResources(schemaName, names);
            out.println("Dropped resources " + String.join(", ", names) + " of pipeline " + parent.name + " (load "
                    + String.join(", ", info.loadIds()) + ")");
            out.flush();
            return 0;
        }

        /** Root tables' resources to the tables of each chain (the root and its nested tables). */
        private static java.util.Map<String, List<String>> tablesByResource(JsonNode tables) {
            java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
            for (var it = tables.fields(); it.hasNext();) {
                var t = it.next();
                if (t.getKey().startsWith("_dlt_") || t.getValue().has("parent") || !t.getValue().has("resource")) {
                    continue;
                }
                String resource = t.getValue().path("resource").asText();
                List<String> chain = out.computeIfAbsent(resource, k -> new java.util.ArrayList<>());
                chain.add(t.getKey());
                for (var child = tables.fields(); child.hasNext();) {
                    var c = child.next();
                    if (rootOf(tables, c.getKey()).equals(t.getKey()) && !c.getKey().equals(t.getKey())) {
                        chain.add(c.getKey());
                    }
                }
            }
            return out;
        }

        private static String rootOf(JsonNode tables, String table) {
            String t = table;
            for (int depth = 0; depth < 1000 && tables.path(t).has("parent"); depth++) {
                t = tables.path(t).path("parent").asText();
            }
            return t;
        }

        private int dropWorkingFolder(Path dir) throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (PipelineLock lock = parent.lock(dir, "drop")) {
                int pending = childFolders(dir.resolve("normalize/extracted")).size()
                        + childFolders(dir.resolve("load/normalized")).size();
                if (!yes && !confirmed(spec, "Drop the working folder of pipeline " + parent.name + " at " + dir
                        + " (" + pending + " pending package(s) will be lost; the dataset at the destination stays)?",
                        "not dropped; pipeline " + parent.name + " is unchanged")) {
                    return 1;
                }
                PipelineStorage.deleteTree(dir);
            }
            out.println("Dropped pipeline " + parent.name + ": deleted " + dir);
            out.flush();
            return 0;
        }
    }

    /** {@code dlt4j pipeline <name> drop-pending-packages}: discards stuck work explicitly. */
    @Command(name = "drop-pending-packages", mixinStandardHelpOptions = true,
            description = {"Delete the extracted and normalized packages that wait to be loaded.",
                    "Loaded packages, schemas and state stay; data already loaded stays at the destination.",
                    "Asks for confirmation unless --yes."})
    static final class DropPendingPackagesCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            Path dir = parent.workingDir(spec);
            try (PipelineLock lock = parent.lock(dir, "drop-pending-packages")) {
                return dropPending(dir);
            }
        }

        private int dropPending(Path dir) throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<Path> pending = new java.util.ArrayList<>();
            for (String folder : List.of("normalize/extracted", "load/normalized")) {
                for (String id : childFolders(dir.resolve(folder))) {
                    pending.add(dir.resolve(folder).resolve(id));
                }
            }
            if (pending.isEmpty()) {
                out.println("Pipeline " + parent.name + " has no pending packages.");
                out.flush();
                return 0;
            }
            for (Path p : pending) {
                out.println("  " + dir.relativize(p));
            }
            if (!yes && !confirmed(spec, "Delete these " + pending.size() + " pending package(s) of pipeline "
                    + parent.name + "? Their data will not be loaded.", "nothing deleted; pipeline " + parent.name
                            + " is unchanged")) {
                return 1;
            }
            for (Path p : pending) {
                PipelineStorage.deleteTree(p);
            }
            out.println("Deleted " + pending.size() + " pending package(s) of pipeline " + parent.name);
            out.flush();
            return 0;
        }
    }
}
