package dev.dlt4j.config;

import dev.dlt4j.Config;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.PipelineConfig;
import dev.dlt4j.ReplaceStrategy;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import dev.dlt4j.log.Logs;

/**
 * Resolves dlt4j's typed config records the way dlt resolves its configuration: providers in
 * order (environment variables, {@code .dlt/secrets.toml}, {@code .dlt/config.toml}, then the
 * key's default), section paths from most to least specific, first with the pipeline name as a
 * prefix, then without. Building a resolver reads both files and validates every known key they
 * and the environment hold, so a wrong value fails here, before any data moves; unknown keys in
 * known sections are logged (and kept in {@link #warnings()}) with a did-you-mean. Immutable and
 * thread-safe once built.
 *
 * <pre>{@code
 * ConfigResolver config = ConfigResolver.of(projectDir, System.getenv());
 * Resolved<ExtractConfig> ex = config.extract("my_pipeline", "github", "issues");
 * }</pre>
 */
public final class ConfigResolver implements Config {
    private static final Logger LOG = Logs.get(ConfigResolver.class);
    private static final Set<String> SECTIONS = Set.of("data_writer", "extract", "normalize", "load", "runtime",
            "destination");
    /** dlt keys dlt4j accepts without effect: no warning, since a dlt project may set them. */
    private static final Map<String, Set<String>> DLT_ONLY = Map.of(
            "data_writer", Set.of("delimiter", "include_header", "quoting", "lineterminator", "on_error_continue",
                    "encoding", "flavor", "version", "data_page_size", "timestamp_timezone", "row_group_size",
                    "coerce_timestamps", "allow_truncated_timestamps", "use_compliant_nested_type"),
            "extract", Set.of("futures_poll_interval", "copy_on_fork"),
            "destination", Set.of("staging_dataset_name_layout", "enable_dataset_name_normalization", "create_indexes",
                    "destination_name", "destination_type", "credentials",
                    // fields of dlt's credentials tables ([destination.postgres.credentials]) dlt4j does not use
                    "drivername", "client_encoding", "query"),
            "normalize", Set.of("start_method", "pool_type"),
            "load", Set.of("raise_on_max_retries", "truncate_staging_dataset", "start_new_jobs_on_signal",
                    "parallelism_strategy"),
            "runtime", Set.of("log_format", "log_cli_level", "request_timeout", "request_max_attempts",
                    "request_backoff_factor", "request_max_retry_delay", "dlthub_telemetry", "dlthub_telemetry_endpoint",
                    "dlthub_telemetry_segment_write_key", "intercept_signals", "sentry_dsn", "config_files",
                    "http_show_error_body", "http_max_error_body_length", "dlthub_dsn", "pipeline_name", "name",
                    "data_dir", "run_id", "slack_incoming_hook", "workspace_name"));

    private final Path projectDir;
    private final Path settingsDir;
    private final Map<String, String> env;
    private final List<ConfigProvider> providers;
    private final List<String> warnings;

    private ConfigResolver(Path projectDir, Map<String, String> env) {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        String folder = env.getOrDefault("DLT_CONFIG_FOLDER", ".dlt");
        this.settingsDir = this.projectDir.resolve(folder.isBlank() ? ".dlt" : folder);
        this.providers = List.of(new EnvProvider(env), TomlProvider.read("secrets.toml",
                settingsDir.resolve("secrets.toml")), TomlProvider.read("config.toml",
                        settingsDir.resolve("config.toml")));
        List<String> found = new ArrayList<>();
        validateAll(found);
        this.warnings = List.copyOf(found);
        warnings.forEach(LOG::warn);
    }

    /**
     * A resolver over {@code <projectDir>/.dlt/} (or {@code $DLT_CONFIG_FOLDER}) and the given
     * environment. Fails with {@link ConfigException} when any known key holds a wrong value.
     */
    public static ConfigResolver of(Path projectDir, Map<String, String> env) {
        return new ConfigResolver(Objects.requireNonNull(projectDir, "projectDir"), Objects.requireNonNull(env, "env"));
    }

    /** The process environment, with the project dir from {@code DLT_PROJECT_DIR} or the working directory. */
    public static ConfigResolver fromEnvironment() {
        return of(defaultProjectDir(System.getenv()), System.getenv());
    }

    /** {@code DLT_PROJECT_DIR} if set, else the current working directory (as dlt does). */
    public static Path defaultProjectDir(Map<String, String> env) {
        String dir = env.get("DLT_PROJECT_DIR");
        return dir != null && !dir.isBlank() ? Paths.get(dir) : Paths.get("").toAbsolutePath();
    }

    public Path projectDir() {
        return projectDir;
    }

    /** The folder holding {@code config.toml} and {@code secrets.toml}. */
    public Path settingsDir() {
        return settingsDir;
    }

    /** The environment this resolver reads (for settings read directly, such as {@code DLT4J_DATA_DIR}). */
    public Map<String, String> environment() {
        return env;
    }

    /**
     * A value at an exact section path, as written, from the first provider that has it (env, then
     * {@code secrets.toml}, then {@code config.toml}): for settings a module reads itself, such as
     * {@code [destination.postgres.credentials] password}.
     */
    @Override
    public Optional<String> value(List<String> sections, String key) {
        for (ConfigProvider p : providers) {
            Optional<ConfigProvider.Found> f = p.find(sections, key);
            if (f.isPresent()) {
                return Optional.of(String.valueOf(f.get().raw()));
            }
        }
        return Optional.empty();
    }

    /** Unknown keys in known sections, one message each, as logged. */
    public List<String> warnings() {
        return warnings;
    }

    // ---- typed records

    /** The extract stage's writers for one source: {@code [sources.<source>.data_writer]} … {@code [data_writer]}. */
    public Resolved<DataWriterConfig> extractDataWriter(String pipeline, String source) {
        return dataWriter("extract.data_writer", pipeline, List.of("sources", source));
    }

    /** The normalize stage's writers: {@code [normalize.data_writer]}, then {@code [data_writer]}. */
    public Resolved<DataWriterConfig> normalizeDataWriter(String pipeline) {
        return dataWriter("normalize.data_writer", pipeline, List.of("normalize"));
    }

    private Resolved<DataWriterConfig> dataWriter(String scope, String pipeline, List<String> sections) {
        Lookup l = new Lookup(scope, pipeline, sections, "data_writer");
        return l.done(new DataWriterConfig(l.get(ConfigKey.BUFFER_MAX_ITEMS), l.get(ConfigKey.FILE_MAX_ITEMS),
                l.get(ConfigKey.FILE_MAX_BYTES), l.get(ConfigKey.DISABLE_COMPRESSION)));
    }

    /** The pipe iterator of one source: {@code [sources.<source>.extract]}, {@code [sources.extract]}, {@code [extract]}. */
    public Resolved<ExtractConfig> extract(String pipeline, String source) {
        return extract("extract", pipeline, List.of("sources", source));
    }

    /** Per resource: {@code [sources.<source>.<resource>.extract]} first, then as for the source. */
    public Resolved<ExtractConfig> extract(String pipeline, String source, String resource) {
        return extract("extract", pipeline, List.of("sources", source, resource));
    }

    private Resolved<ExtractConfig> extract(String scope, String pipeline, List<String> sections) {
        Lookup l = new Lookup(scope, pipeline, sections, "extract");
        return l.done(new ExtractConfig(l.get(ConfigKey.EXTRACT_WORKERS), l.get(ConfigKey.MAX_PARALLEL_ITEMS),
                l.get(ConfigKey.NEXT_ITEM_MODE), l.get(ConfigKey.INCREMENTAL_MAX_BOUNDARY_HASHES),
                l.get(ConfigKey.PACKAGE_MAX_ITEMS)));
    }

    /** {@code [normalize] workers}, then a top-level {@code workers}. */
    public Resolved<NormalizeConfig> normalize(String pipeline) {
        Lookup l = new Lookup("normalize", pipeline, List.of("normalize"), null);
        return l.done(new NormalizeConfig(l.get(ConfigKey.NORMALIZE_WORKERS), l.resolve(ConfigKey.LOADER_FILE_FORMAT),
                l.get(ConfigKey.NORMALIZE_DURING_EXTRACT)));
    }

    /** {@code [load]} keys; {@code workers} falls back to a top-level {@code workers}. */
    public Resolved<LoadConfig> load(String pipeline) {
        Lookup l = new Lookup("load", pipeline, List.of("load"), null);
        int workers = l.get(ConfigKey.LOAD_WORKERS);
        boolean delete = l.get(ConfigKey.DELETE_COMPLETED_JOBS);
        boolean raise = l.get(ConfigKey.RAISE_ON_FAILED_JOBS);
        boolean atomic = l.get(ConfigKey.ATOMIC_PACKAGES);
        int attempts = l.get(ConfigKey.RETRY_ATTEMPTS);
        java.time.Duration backoff = l.get(ConfigKey.RETRY_BACKOFF);
        Lookup d = new Lookup("destination", pipeline, List.of(), "destination");
        ReplaceStrategy replace = d.get(ConfigKey.REPLACE_STRATEGY);
        List<ConfigSetting> all = new ArrayList<>(l.settings);
        all.addAll(d.settings);
        return new Resolved<>(new LoadConfig(workers, delete, raise, replace, atomic, attempts, backoff), all);
    }

    /**
     * A key of a destination's own section, e.g. {@code [destination.duckdb] storage_version}: looked
     * up in {@code [<pipeline>.destination.duckdb]}, then {@code [destination.duckdb]} (in each
     * provider in turn). Unlike dlt, {@code [destination]} and the top level are not read for it:
     * they are validated against their own keys, and a value there would act without being checked.
     */
    public <T> Resolved<T> destination(String pipeline, ConfigKey<T> key) {
        if (key.defaultValue().isEmpty()) {
            throw new IllegalArgumentException(key + " has no default: use destinationOptional");
        }
        return destinationOptional(pipeline, key).map(Optional::orElseThrow);
    }

    /**
     * As {@link #destination(String, ConfigKey)}, for a key that may be unset (it has no default):
     * empty when no provider sets it.
     */
    public <T> Resolved<Optional<T>> destinationOptional(String pipeline, ConfigKey<T> key) {
        if (!key.section().startsWith("destination.")) {
            throw new IllegalArgumentException(key + " is not a key of a destination's section");
        }
        return declared(pipeline, key);
    }

    /** Any declared key in exactly its own section, the pipeline-prefixed path first. */
    private <T> Resolved<Optional<T>> declared(String pipeline, ConfigKey<T> key) {
        List<String> sections = key.section().isEmpty() ? List.of() : List.of(key.section().split("\\."));
        Lookup l = new Lookup(key.section().isEmpty() ? "pipeline" : key.section(), pipeline, List.of(sections));
        return l.done(l.resolve(key));
    }

    /**
     * {@code progress}, {@code pipelines_dir}, {@code restore_from_destination}, {@code refresh}
     * ({@code [pipelines.<name>]} or top level), {@code [runtime] log_level}.
     */
    public Resolved<PipelineConfig> pipeline(String pipeline) {
        Lookup p = new Lookup("pipeline", pipeline, List.of("pipelines", pipeline), null);
        String progress = p.get(ConfigKey.PROGRESS);
        String dir = p.get(ConfigKey.PIPELINES_DIR);
        boolean restore = p.get(ConfigKey.RESTORE_FROM_DESTINATION);
        String refresh = p.get(ConfigKey.REFRESH);
        Lookup r = new Lookup("runtime", pipeline, List.of(), "runtime");
        String level = r.get(ConfigKey.LOG_LEVEL);
        Optional<Path> pipelinesDir = dir.isEmpty() ? Optional.empty() : Optional.of(expand(dir));
        List<ConfigSetting> all = new ArrayList<>(p.settings);
        all.addAll(r.settings);
        return new Resolved<>(new PipelineConfig(progress, pipelinesDir, level, restore,
                refresh.isEmpty() ? Optional.empty() : Optional.of(dev.dlt4j.Refresh.fromDltName(refresh))), all);
    }

    private Path expand(String dir) {
        String home = System.getProperty("user.home");
        if (dir.equals("~") || dir.startsWith("~/")) {
            return Paths.get(home + dir.substring(1));
        }
        return projectDir.resolve(dir).normalize();
    }

    /**
     * Every effective knob for a pipeline, one source (default: the pipeline's name, as for
     * resources run without a source) and optionally one resource, with its origin.
     */
    public List<ConfigSetting> show(String pipeline, Optional<String> source, Optional<String> resource) {
        String src = source.orElse(pipeline);
        List<ConfigSetting> out = new ArrayList<>(pipeline(pipeline).settings());
        out.addAll(resource.map(r -> extract(pipeline, src, r)).orElseGet(() -> extract(pipeline, src)).settings());
        out.addAll(extractDataWriter(pipeline, src).settings());
        out.addAll(normalize(pipeline).settings());
        out.addAll(normalizeDataWriter(pipeline).settings());
        out.addAll(load(pipeline).settings());
        // then every key the records above do not hold: a destination's, a source's, any module's
        Set<ConfigKey<?>> shown = new java.util.HashSet<>();
        out.forEach(s -> shown.add(s.declaration()));
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (!shown.contains(key)) {
                out.addAll(declared(pipeline, key).settings());
            }
        }
        return out;
    }

    // ---- lookup

    /** Section paths from most to least specific: {@code sections + [own]}, dropping the right-most section each time. */
    static List<List<String>> paths(List<String> sections, String ownSection) {
        List<List<String>> out = new ArrayList<>();
        List<String> ns = new ArrayList<>(sections);
        while (true) {
            List<String> p = new ArrayList<>(ns);
            if (ownSection != null) {
                p.add(ownSection);
            }
            out.add(List.copyOf(p));
            if (ns.isEmpty()) {
                return out;
            }
            ns.remove(ns.size() - 1);
        }
    }

    private final class Lookup {
        final String scope;
        final String pipeline;
        final List<List<String>> plain;
        final List<ConfigSetting> settings = new ArrayList<>();

        Lookup(String scope, String pipeline, List<String> sections, String ownSection) {
            this.scope = scope;
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
            this.plain = paths(sections, ownSection);
        }

        /** Exactly these section paths (each also with the pipeline name in front). */
        Lookup(String scope, String pipeline, List<List<String>> exactPaths) {
            this.scope = scope;
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
            this.plain = List.copyOf(exactPaths);
        }

        /** A key with a default: its value, or the default. */
        <T> T get(ConfigKey<T> key) {
            return resolve(key).orElseThrow(() -> new IllegalStateException(key + " has no default"));
        }

        /** The value, else the default; empty for an unset key without a default. */
        <T> Optional<T> resolve(ConfigKey<T> key) {
            for (boolean prefixed : new boolean[] {true, false}) {
                for (ConfigProvider provider : providers) {
                    for (List<String> path : plain) {
                        List<String> p = path;
                        if (prefixed) {
                            p = new ArrayList<>();
                            p.add(pipeline);
                            p.addAll(path);
                        }
                        Optional<Value<T>> v = find(provider, p, key);
                        if (v.isPresent()) {
                            settings.add(new ConfigSetting(scope, key, key.display(v.get().value()),
                                    v.get().origin()));
                            return Optional.of(v.get().value());
                        }
                    }
                }
            }
            settings.add(new ConfigSetting(scope, key, key.defaultText(), ConfigOrigin.defaultValue()));
            return key.defaultValue();
        }

        <T> Resolved<T> done(T value) {
            return new Resolved<>(value, settings);
        }
    }

    private record Value<T>(T value, ConfigOrigin origin) {
    }

    /** The key (or its alias) in one provider and section; both with different values is an error. */
    private static <T> Optional<Value<T>> find(ConfigProvider provider, List<String> path, ConfigKey<T> key) {
        Optional<ConfigProvider.Found> byName = provider.find(path, key.name());
        Optional<ConfigProvider.Found> byAlias = key.alias().flatMap(a -> provider.find(path, a));
        if (byName.isEmpty() && byAlias.isEmpty()) {
            return Optional.empty();
        }
        T a = byName.map(f -> parse(key, f)).orElse(null);
        T b = byAlias.map(f -> parse(key, f)).orElse(null);
        if (a != null && b != null && !a.equals(b)) {
            throw ConfigException.aliasConflict(key, byName.get().origin(), byName.get().display(),
                    byAlias.get().display());
        }
        ConfigProvider.Found f = byName.orElseGet(byAlias::get);
        return Optional.of(new Value<>(a != null ? a : b, f.origin()));
    }

    private static <T> T parse(ConfigKey<T> key, ConfigProvider.Found f) {
        try {
            return key.parse(f.raw());
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(key, f.origin(), f.display(), "");
        }
    }

    // ---- validation up front

    /** Top-level {@code progress}, {@code pipelines_dir} (also under {@code [pipelines.<name>]}) and {@code workers}. */
    static boolean isKnownSectionless(List<String> sections, ConfigKey<?> key) {
        boolean topLevel = sections.isEmpty() || (sections.size() == 2 && sections.get(0).equals("pipelines"));
        return topLevel && (key.section().equals(ConfigKey.PIPELINE)
                || (sections.isEmpty() && (key == ConfigKey.NORMALIZE_WORKERS)));
    }

    private void validateAll(List<String> out) {
        for (ConfigProvider provider : providers) {
            Map<List<String>, Map<String, ConfigProvider.Found>> tables = new LinkedHashMap<>();
            for (ConfigProvider.Found f : provider.entries()) {
                tables.computeIfAbsent(f.sections(), k -> new LinkedHashMap<>()).put(f.key(), f);
            }
            for (Map.Entry<List<String>, Map<String, ConfigProvider.Found>> t : tables.entrySet()) {
                validateTable(provider, t.getKey(), t.getValue(), out);
            }
        }
    }

    private void validateTable(ConfigProvider provider, List<String> sections, Map<String, ConfigProvider.Found> keys,
            List<String> out) {
        String last = declaredSection(sections);
        boolean known = SECTIONS.contains(last) || last.startsWith("destination.");
        List<ConfigKey<?>> ofSection = ConfigKeys.all().stream().filter(k -> k.section().equals(last)).toList();
        for (ConfigProvider.Found f : keys.values()) {
            ConfigKey<?> key = null;
            for (ConfigKey<?> k : ConfigKeys.all()) {
                if (k.hasName(f.key()) && ((known && k.section().equals(last)) || isKnownSectionless(sections, k))) {
                    key = k;
                    break;
                }
            }
            if (key != null) {
                find(provider, sections, key); // parses both names and checks they agree
            } else if (known && !DLT_ONLY.getOrDefault(last.split("\\.")[0], Set.of()).contains(f.key())) {
                out.add(unknownKey(f, ofSection));
            } else if (known) {
                LOG.info("config key '{}' in {} is a dlt setting that dlt4j does not use", f.key(),
                        f.origin().describe());
            }
        }
    }

    /**
     * The section a table's keys belong to: the longest section some module declares keys in that
     * the path ends with (so {@code [p.destination.duckdb]} is {@code destination.duckdb}), else the
     * path's innermost name ({@code [sources.github.extract]} is {@code extract}); {@code ""} at top level.
     */
    static String declaredSection(List<String> sections) {
        String best = sections.isEmpty() ? "" : sections.get(sections.size() - 1);
        int bestLength = 1;
        for (ConfigKey<?> k : ConfigKeys.all()) {
            if (k.section().isEmpty()) {
                continue;
            }
            List<String> parts = List.of(k.section().split("\\."));
            if (parts.size() > bestLength && parts.size() <= sections.size()
                    && sections.subList(sections.size() - parts.size(), sections.size()).equals(parts)) {
                best = k.section();
                bestLength = parts.size();
            }
        }
        return best;
    }

    private static String unknownKey(ConfigProvider.Found f, List<ConfigKey<?>> ofSection) {
        List<String> names = new ArrayList<>();
        for (ConfigKey<?> k : ofSection) {
            names.add(k.name());
            k.alias().ifPresent(names::add);
        }
        String section = declaredSection(f.sections());
        StringBuilder sb = new StringBuilder("Unknown config key '").append(f.key()).append("' in ")
                .append(f.origin().describe()).append(", it has no effect");
        String hint = ClosestName.rule().hint(f.key(), names);
        sb.append(hint.isEmpty() ? "." : hint);
        sb.append(" Keys of [").append(section).append("]: ").append(String.join(", ", names)).append('.');
        return sb.toString();
    }
}
