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
 * {@code dlt4j pipeline}: inspects pipeline working folders without running anything: the list of
 * pipelines, one pipeline's info, last trace, a load package, its schema as YAML, and drops a
 * working folder. It reads the folder only; the destination is never contacted. The commands that
 * change the folder (drop, drop-pending-packages) hold the pipeline's lock while they do, and
 * refuse while a run holds it.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Inspect or drop the working folder of a pipeline.",
                "Usage: dlt4j pipeline list | dlt4j pipeline <name> (info|trace|load-package|failed-jobs|schema|drop|drop-pending-packages)"},
        subcommands = {PipelineCommand.ListCommand.class, PipelineCommand.InfoCommand.class,
                PipelineCommand.TraceCommand.class, PipelineCommand.LoadPackageCommand.class,
                PipelineCommand.FailedJobsCommand.class,
                PipelineCommand.SchemaCommand.class, PipelineCommand.DropCommand.class,
                PipelineCommand.DropPendingPackagesCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:pipeline, package or trace not found, drop declined, or another error",
                "2:invalid command line"})
final class PipelineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<name>",
            description = "The pipeline (a folder in the pipelines dir); every command but list needs it.")
    String name;

    @Option(names = "--pipelines-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where pipeline working folders live (default $DLT4J_DATA_DIR/pipelines or ~/.dlt4j/pipelines).")
    Path pipelinesDir;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), name == null
                ? "Missing command: use 'dlt4j pipeline list' or 'dlt4j pipeline <name> info' (see --help)"
                : "Missing command after pipeline name " + name + ": one of info, trace, load-package, failed-jobs, schema, drop, drop-pending-packages");
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
                }
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

    /** {@code dlt4j pipeline <name> drop}. */
    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = {"Delete the pipeline's working folder (state, schemas, pending packages, trace).",
                    "The dataset at the destination is not touched. Asks for confirmation unless --yes."})
    static final class DropCommand implements Callable<Integer> {
        @ParentCommand
        PipelineCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            Path dir = parent.workingDir(spec);
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
