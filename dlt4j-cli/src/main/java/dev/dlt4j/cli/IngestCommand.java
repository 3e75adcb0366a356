package dev.dlt4j.cli;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Source;
import dev.dlt4j.spi.Secrets;
import dev.dlt4j.spi.SourceFactory;
import dev.dlt4j.spi.SplittableSource;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlt4j ingest}: copies tables (or files) into a destination without any Java: the source
 * type is the {@link SourceFactory} whose {@code accepts(uri)} takes {@code --source}; the flags
 * become that factory's settings (dlt's key names), and the source runs in a pipeline like any other
 * (progress, trace, {@code dlt4j pipeline <name> ...}). The pipeline name defaults to one derived
 * from source and destination, so the same command run again continues the same pipeline
 * (incremental state, merge).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Copy tables of a database (or files) into a destination: no code needed.",
            "Example: dlt4j ingest --source postgresql://postgres@127.0.0.1:5432/test --table public.orders"
                    + " --dest duckdb:shop.duckdb --dataset shop",
            "With --spark MASTER the source is split into partitions that Spark tasks extract and normalize;"
                    + " this JVM loads them in one load. Needs Spark 4.0 on the class path: set SPARK_HOME for the"
                    + " launcher."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:loaded", "1:the source, destination, load or Spark failed, or --spark found no Spark"
                + " (one line on stderr)",
            "2:invalid command line"})
final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "URI",
            description = "What to read: postgresql://user:password@host:5432/db, mysql://user@host:3306/db,"
                    + " mariadb://..., a jdbc: URL (sql_database); file:///data/events/*.jsonl.gz, a folder and glob of"
                    + " csv, jsonl and parquet files, gzip'd or not (filesystem).")
    String source;

    @Option(names = "--allow-empty", description = "For files: a glob that matches no file loads nothing and exits 0"
            + " (default: exit 1 naming the glob).")
    boolean allowEmpty;

    @Option(names = "--table", paramLabel = "[SCHEMA.]TABLE",
            description = "A table to copy (repeatable; all in one schema).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--tables", paramLabel = "[SCHEMA.]PATTERN",
            description = "The tables whose names match the pattern (* and ?), e.g. 'public.*' (repeatable).")
    List<String> tablePatterns = new ArrayList<>();

    @Option(names = {"--dest", "--destination"}, required = true, paramLabel = "NAME|URI",
            description = "Where to load: duckdb:shop.duckdb, postgresql://user:password@host:5432/db, file:///lake ...")
    String destination;

    @Option(names = "--dataset", required = true, description = "The dataset (schema) to load into.")
    String dataset;

    @Option(names = "--incremental-key", paramLabel = "COLUMN",
            description = "Load only rows whose COLUMN is at or past the last value loaded (pushed into the query).")
    String incrementalKey;

    @Option(names = "--primary-key", paramLabel = "COLUMN[,COLUMN]",
            description = "The primary key instead of the table's own (merge deduplicates by it).")
    String primaryKey;

    @Option(names = "--strategy", paramLabel = "append|replace|merge",
            description = "The write disposition (default append; merge uses the primary key).")
    String strategy;

    @Option(names = "--pipeline", paramLabel = "NAME",
            description = "The pipeline name (default: derived from source, tables and dataset).")
    String pipelineName;

    @Option(names = "--pipelines-dir", paramLabel = "DIR",
            description = "Where pipeline working folders live (default ~/.dlt4j/pipelines).")
    Path pipelinesDir;

    @Option(names = "--progress", paramLabel = "none|log|bar",
            description = "How to show progress (default: the config key progress, else none).")
    String progress;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Split the source and run its partitions on Spark: local[2], local[*], spark://host:7077,"
                    + " yarn, k8s://... (sql_database: its tables by key ranges; filesystem: the glob's files).")
    String sparkMaster;

    @Option(names = "--partitions", paramLabel = "N",
            description = "With --spark: at most N partitions (default: twice the master's cores, Spark's default"
                    + " parallelism).")
    Integer partitions;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "With --spark: a Spark setting, e.g. spark.executor.memory=4g (repeatable).")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    @Option(names = "--shared-dir", paramLabel = "DIR",
            description = "With --spark: where executors write the partitions' packages, a folder the driver and"
                    + " every executor see (default: the pipeline's working folder, which only local mode shares).")
    Path sharedDir;

    @Override
    public Integer call() {
        if (strategy != null && !List.of("append", "replace", "merge").contains(strategy)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--strategy '" + strategy
                    + "' is not valid; allowed: append, replace, merge");
        }
        checkSparkOptions();
        SourceFactory factory = factoryFor(source);
        if (sparkMaster != null) {
            checkSplittable(factory);
            // before any Spark class is touched: without Spark, one line with the fix
            ClassLoader loader = IngestCommand.class.getClassLoader();
            SparkIngest.missing(loader).or(() -> SparkIngest.jacksonMismatch(loader)).ifPresent(why -> {
                throw new IllegalStateException(why);
            });
        }
        Map<String, Object> settings = settings(factory.type());
        String name = pipelineName != null ? pipelineName : derivedName();
        Pipeline.Builder b = Pipeline.builder(name).destination(destination).dataset(dataset);
        if (pipelinesDir != null) {
            b.pipelinesDir(pipelinesDir);
        }
        if (progress != null) {
            b.progress(progress);
        }
        Pipeline pipeline = b.build();
        PrintWriter out = spec.commandLine().getOut();
        LoadInfo info;
        if (sparkMaster != null) {
            info = runOnSpark(pipeline, factory.type(), settings, out);
        } else {
            // reflects (and checks) the tables before anything is extracted: a refused source loads nothing
            Source src = factory.create(factory.type(), settings, pipeline.config());
            info = pipeline.run(src);
        }
        out.println(info);
        out.println();
        out.println("Pipeline " + pipeline.name() + ": rows in " + pipeline.destination().type() + " "
                + pipeline.destinationLocation() + " (dataset " + dataset + "):");
        pipeline.rowCounts().ifPresentOrElse(
                counts -> counts.forEach((table, rows) -> out.printf("  %-30s %,d%n", table, rows)),
                () -> out.println("  (destination type " + pipeline.destination().type() + " does not count rows)"));
        out.println("Inspect it with: dlt4j pipeline " + pipeline.name() + " info"
                + (pipelinesDir != null ? " --pipelines-dir " + pipelinesDir : ""));
        out.flush();
        return 0;
    }

    /** Splits, runs and loads on Spark; a master Spark cannot parse is a bad {@code --spark} value (exit 2). */
    private LoadInfo runOnSpark(Pipeline pipeline, String type, Map<String, Object> settings, PrintWriter out) {
        SparkIngest.Result r;
        try {
            r = SparkIngest.run(pipeline, type, settings, sparkMaster, Optional.ofNullable(partitions), sparkConf,
                    Optional.ofNullable(sharedDir));
        } catch (SparkIngest.BadMaster e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--spark '" + sparkMaster
                    + "' is not a master Spark takes (" + e.getMessage() + "); allowed: " + SparkIngest.MASTERS);
        }
        out.println("Spark " + r.master() + ": " + r.partitions() + " partitions of " + type
                + " extracted and normalized by Spark tasks, loaded by this JVM");
        return r.info();
    }

    /** The Spark-only options need {@code --spark}; {@code --partitions} is 1 or more. */
    private void checkSparkOptions() {
        if (sparkMaster == null) {
            List<String> given = new ArrayList<>();
            if (partitions != null) {
                given.add("--partitions");
            }
            if (!sparkConf.isEmpty()) {
                given.add("--spark-conf");
            }
            if (sharedDir != null) {
                given.add("--shared-dir");
            }
            if (!given.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), String.join(", ", given)
                        + " only apply with --spark MASTER (a split run on Spark)");
            }
            return;
        }
        if (sparkMaster.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--spark '' is not valid; allowed: "
                    + SparkIngest.MASTERS);
        }
        if (partitions != null && partitions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--partitions " + partitions
                    + " is not valid; allowed: 1 or more (default: twice the master's cores)");
        }
    }

    /** A source type whose factory cannot split is refused before Spark starts, naming those that can. */
    private void checkSplittable(SourceFactory factory) {
        if (factory instanceof SplittableSource) {
            return;
        }
        List<String> can = new ArrayList<>();
        for (SourceFactory f : ServiceLoader.load(SourceFactory.class)) {
            if (f instanceof SplittableSource) {
                can.add(f.type());
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--spark cannot split a " + factory.type()
                + " source (" + Secrets.maskUris(source) + "); source types that split: "
                + (can.isEmpty() ? "none on the class path" : String.join(", ", can.stream().sorted().toList())));
    }

    /** The source type that takes the URI; an error listing the types there are when none does. */
    private SourceFactory factoryFor(String uri) {
        List<String> types = new ArrayList<>();
        for (SourceFactory f : ServiceLoader.load(SourceFactory.class)) {
            if (f.accepts(uri)) {
                return f;
            }
            types.add(f.type());
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--source '" + Secrets.maskUris(uri)
                + "' is not a URI any source takes; sql_database takes postgresql://, mysql://, mariadb:// and jdbc:"
                + " URIs, filesystem file:// URLs (source types here: " + String.join(", ", types) + ")");
    }

    /** The flags as the factory's settings, with dlt's key names. */
    private Map<String, Object> settings(String type) {
        if (type.equals("filesystem")) {
            return fileSettings();
        }
        if (allowEmpty) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--allow-empty is for file:// sources (a glob"
                    + " that matches no file); " + Secrets.maskUris(source) + " is a " + type + " source");
        }
        if (!type.equals("sql_database")) {
            throw new IllegalStateException("ingest does not know how to pass its flags to source type " + type);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("credentials", source);
        String schema = null;
        List<String> names = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (String t : tables) {
            schema = schemaOf(t, "--table", schema);
            names.add(tableOf(t, "--table"));
        }
        for (String t : tablePatterns) {
            schema = schemaOf(t, "--tables", schema);
            patterns.add(tableOf(t, "--tables"));
        }
        if (!names.isEmpty() && !patterns.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give tables by --table or by --tables,"
                    + " not both");
        }
        if (schema != null) {
            s.put("schema", schema);
        }
        if (!names.isEmpty()) {
            s.put("table_names", names);
        }
        if (!patterns.isEmpty()) {
            s.put("include", patterns);
        }
        if (incrementalKey != null) {
            s.put("incremental", Map.of("cursor_path", incrementalKey));
        }
        if (primaryKey != null) {
            s.put("primary_key", List.of(primaryKey.split("\\s*,\\s*")));
        }
        if (strategy != null) {
            s.put("write_disposition", strategy);
        }
        return s;
    }

    /**
     * The flags as settings of the filesystem source: the URL and glob as {@code bucket_url}, one
     * {@code --table} as the table's name, and the incremental, key and disposition flags as for a table.
     */
    private Map<String, Object> fileSettings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bucket_url", source);
        if (!tablePatterns.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tables selects database tables; for"
                    + " files put the pattern in the --source glob, e.g. 'file:///data/events/*.jsonl.gz'");
        }
        if (tables.size() > 1 || tables.stream().anyMatch(t -> t.contains("."))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--table " + String.join(", ", tables)
                    + " is not valid for files; allowed: one table name (without schema) for the rows of the glob");
        }
        if (tables.size() == 1) {
            s.put("table_name", tables.get(0));
        }
        if (incrementalKey != null) {
            s.put("incremental", Map.of("cursor_path", incrementalKey));
        }
        if (primaryKey != null) {
            s.put("primary_key", List.of(primaryKey.split("\\s*,\\s*")));
        }
        if (strategy != null) {
            s.put("write_disposition", strategy);
        }
        if (allowEmpty) {
            s.put("allow_empty", true);
        }
        return s;
    }

    /** {@code public} of {@code public.orders}; every table flag must name the same schema. */
    private String schemaOf(String table, String flag, String before) {
        int dot = table.lastIndexOf('.');
        if (dot < 0) {
            return before;
        }
        String schema = table.substring(0, dot);
        if (schema.isBlank() || dot == table.length() - 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), flag + " '" + table
                    + "' is not valid; allowed: TABLE or SCHEMA.TABLE");
        }
        if (before != null && !before.equals(schema)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "tables of one ingest come from one schema;"
                    + " got " + before + " and " + schema + " (run ingest once per schema)");
        }
        return schema;
    }

    private String tableOf(String table, String flag) {
        String t = table.substring(table.lastIndexOf('.') + 1);
        if (t.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), flag + " '" + table
                    + "' is not valid; allowed: TABLE or SCHEMA.TABLE");
        }
        return t;
    }

    /**
     * {@code ingest_<database>_<tables>_<dataset>}, lower case, letters, digits and underscores: the same
     * command gives the same pipeline, so running it again continues it. Long names are cut and end
     * with a hash of the whole.
     */
    String derivedName() {
        String uri = Secrets.maskUris(source).replaceFirst("\\?.*$", "");
        String db = uri.replaceFirst("/+$", "");
        // files: the folder and glob (file:///data/events/*.jsonl.gz is data_events_jsonl_gz); a database: its name
        db = db.regionMatches(true, 0, "file://", 0, 7) ? db.substring(7).replace("*", "")
                : db.substring(db.lastIndexOf('/') + 1);
        List<String> parts = new ArrayList<>();
        parts.add("ingest");
        parts.add(db);
        parts.addAll(tables);
        parts.addAll(tablePatterns.stream().map(p -> p.replace("*", "all")).toList());
        parts.add(dataset);
        String name = slug(String.join("_", parts));
        if (name.length() > 60) {
            name = name.substring(0, 51) + "_" + hash(String.join("|", parts) + "|" + destination);
        }
        return name;
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
