package dev.dlt4j.config;

import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.NextItemMode;
import dev.dlt4j.ReplaceStrategy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once (as Debezium declares a {@code Field}): the section it
 * belongs to ({@code data_writer}, {@code extract}, {@code load}, a destination's own section such
 * as {@code destination.duckdb}, or the pipeline's own top level), its name and alias, its type
 * (the parser that validates a raw value from TOML or an environment variable), its default (or
 * none: unset), a description and what values are allowed.
 *
 * <p>Any module declares its keys with {@link #define(String, String)} and lists them in a
 * {@link ConfigDeclarations} registered with {@link java.util.ServiceLoader}; {@link ConfigKeys#all()}
 * is every key on the class path. The constants here are core's own keys, declared the same way
 * (by {@code CoreConfigDeclarations}). Immutable and thread-safe.
 *
 * <pre>{@code
 * public static final ConfigKey<Integer> THREADS = ConfigKey.define("destination.duckdb", "threads")
 *         .integerAtLeast(1).description("Threads DuckDB uses while loading.").build();
 * }</pre>
 */
public final class ConfigKey<T> {
    /** The pipeline's own keys have no section of their own (dlt's {@code PipelineConfiguration}). */
    public static final String PIPELINE = "";
    private static final String BOOL = "true or false (also yes/no, y/n, t/f, 1/0)";
    static final String SECRET_MASK = "***";

    public static final ConfigKey<Integer> BUFFER_MAX_ITEMS = define("data_writer", "buffer_max_items")
            .integerAtLeast(1).alias("max_buffer_items").defaultValue(5000)
            .description("Items a writer buffers before it appends them to its file.").build();
    public static final ConfigKey<Long> FILE_MAX_ITEMS = define("data_writer", "file_max_items")
            .parsedBy(longAtLeast(0), "an integer of at least 0 (0 = no rotation)").defaultValue(0L).unsetWhen(0L)
            .description("Items after which a file is closed and a new one started (0 = no rotation).").build();
    public static final ConfigKey<Long> FILE_MAX_BYTES = define("data_writer", "file_max_bytes")
            .parsedBy(ConfigKey::size, "a size of at least 0 bytes, as an integer or with a unit such as \"100MB\""
                    + " or \"1GiB\" (0 = no rotation)").defaultValue(0L).unsetWhen(0L)
            .description("Uncompressed bytes after which a file is closed and a new one started (0 = no rotation).")
            .build();
    public static final ConfigKey<Boolean> DISABLE_COMPRESSION = define("data_writer", "disable_compression")
            .bool().defaultValue(false).description("true writes files uncompressed (else extracted files are LZ4 frames, job files gzip).").build();

    public static final ConfigKey<Integer> EXTRACT_WORKERS = define("extract", "workers").integerAtLeast(1)
            .defaultValue(5).description("Threads that evaluate deferred items and step parallelized resources.")
            .build();
    public static final ConfigKey<Integer> MAX_PARALLEL_ITEMS = define("extract", "max_parallel_items")
            .integerAtLeast(1).defaultValue(20).description("Deferred items queued or running at once.").build();
    public static final ConfigKey<NextItemMode> NEXT_ITEM_MODE = define("extract", "next_item_mode")
            .parsedBy(ConfigKey::nextItemMode, "\"fifo\" or \"round_robin\"").defaultValue(NextItemMode.FIFO)
            .description("The order in which resources are drained: fifo (one after the other) or round_robin (one"
                    + " item from each in turn). dlt's default is round_robin.").build();

    public static final ConfigKey<Integer> INCREMENTAL_MAX_BOUNDARY_HASHES = define("extract",
            "incremental_max_boundary_hashes").integerAtLeast(1).defaultValue(10_000)
            .description("Most row hashes an incremental cursor keeps for the rows at its last value (boundary"
                    + " deduplication); beyond them one warning, and the state stays bounded.").build();
    public static final ConfigKey<Long> PACKAGE_MAX_ITEMS = define("extract", "package_max_items")
            .parsedBy(longAtLeast(0), "an integer of at least 0 (0 = one package per extract)").defaultValue(0L)
            .unsetWhen(0L).description("Rows after which extract starts a new load package, so the next package"
                    + " normalizes while the one before loads (0 = one package per extract). Packages are"
                    + " published together; only the last carries the run's new state.").build();

    public static final ConfigKey<Integer> NORMALIZE_WORKERS = define("normalize", "workers").integerAtLeast(1)
            .defaultValue(1).description("Threads that normalize extracted files; a top-level workers applies too.")
            .build();
    public static final ConfigKey<Boolean> NORMALIZE_DURING_EXTRACT = define("normalize", "during_extract").bool()
            .defaultValue(true).description("true normalizes the files extract has closed while extract still runs"
                    + " (one normalize worker, tables known before extract), with the same outcome; false normalizes"
                    + " after extract. On by default: on a quiet 2-core machine it saved 4-8 % of a run's wall time"
                    + " for 5-10 % more CPU (docs/performance.md).").build();
    /** No default: unset means the destination's preferred format. */
    public static final ConfigKey<LoaderFileFormat> LOADER_FILE_FORMAT = define("normalize", "loader_file_format")
            .parsedBy(ConfigKey::loaderFileFormat, quoted(formatNames()))
            .allowedValues(formatNames())
            .description("Format of the load job files: jsonl, csv, insert_values or parquet (unset: the"
                    + " destination's preferred one).").build();

    public static final ConfigKey<Integer> LOAD_WORKERS = define("load", "workers").integerAtLeast(1).defaultValue(20)
            .description("Threads that load job files; a top-level workers applies too.").build();
    public static final ConfigKey<Boolean> DELETE_COMPLETED_JOBS = define("load", "delete_completed_jobs").bool()
            .defaultValue(false).description("true deletes the job files of a package once it is loaded.").build();
    public static final ConfigKey<Boolean> RAISE_ON_FAILED_JOBS = define("load", "raise_on_failed_jobs").bool()
            .defaultValue(true).description("true fails the run when a job fails terminally.").build();
    public static final ConfigKey<Boolean> ATOMIC_PACKAGES = define("load", "atomic_packages").bool()
            .defaultValue(true).description("true loads each package in one transaction on DuckDB and PostgreSQL:"
                    + " its rows become visible at once, or not at all when a job fails; false loads jobs in"
                    + " parallel, each committed on its own.").build();
    public static final ConfigKey<Integer> RETRY_ATTEMPTS = define("load", "retry_attempts").integerAtLeast(1)
            .defaultValue(5).description("Attempts at a job (or a package transaction) that fails transiently"
                    + " (e.g. a lost connection) before the load fails; 1 = no retry. Terminal failures are never"
                    + " retried.").build();
    public static final ConfigKey<Duration> RETRY_BACKOFF = define("load", "retry_backoff").duration()
            .defaultValue(Duration.ofMillis(50)).description("Base wait between attempts: retry n waits"
                    + " retry_backoff × 2^n, at most 2s (or retry_backoff, if longer); 0 retries at once.").build();

    public static final ConfigKey<String> PROGRESS = define(PIPELINE, "progress")
            .choice("none", "log", "bar", "tqdm", "enlighten", "alive_progress").defaultValue("none")
            .description("Progress output: none, log, or a bar on a terminal (bar, or dlt's names tqdm, enlighten,"
                    + " alive_progress).").build();
    public static final ConfigKey<String> PIPELINES_DIR = define(PIPELINE, "pipelines_dir")
            .parsedBy(ConfigKey::path, "a non-empty path").defaultValue("").unsetWhen("")
            .description("Where working folders live; relative to the project folder. Unset:"
                    + " $DLT4J_DATA_DIR/pipelines, else ~/.dlt4j/pipelines.").build();
    public static final ConfigKey<Boolean> RESTORE_FROM_DESTINATION = define(PIPELINE, "restore_from_destination")
            .bool().defaultValue(true).description("A run whose working folder has no state restores the state and"
                    + " schemas from the destination's newest completed load (_dlt_pipeline_state, _dlt_version).")
            .build();
    public static final ConfigKey<String> REFRESH = define(PIPELINE, "refresh")
            .parsedBy(ConfigKey::refresh, "\"drop_sources\", \"drop_resources\" or \"drop_data\"").defaultValue("")
            .unsetWhen("").description("Resets the extracted source before every run: drop_sources, drop_resources"
                    + " or drop_data (see docs/state.md). Unset: no reset.").build();
    public static final ConfigKey<String> LOG_LEVEL = define("runtime", "log_level")
            .parsedBy(ConfigKey::logLevel, "\"CRITICAL\", \"ERROR\", \"WARNING\", \"INFO\" or \"DEBUG\" (any case)")
            .defaultValue("WARNING").description("Log level: CRITICAL, ERROR, WARNING, INFO or DEBUG.").build();

    public static final ConfigKey<ReplaceStrategy> REPLACE_STRATEGY = define("destination", "replace_strategy")
            .parsedBy(ConfigKey::replaceStrategy, "\"truncate-and-insert\" or \"insert-from-staging\"")
            .defaultValue(ReplaceStrategy.TRUNCATE_AND_INSERT).description("How replace tables are refreshed:"
                    + " truncate-and-insert, or insert-from-staging (one transaction).").build();

    /** Core's keys, in the order of the documentation table. */
    static final List<ConfigKey<?>> CORE = List.of(BUFFER_MAX_ITEMS, FILE_MAX_ITEMS, FILE_MAX_BYTES,
            DISABLE_COMPRESSION, EXTRACT_WORKERS, MAX_PARALLEL_ITEMS, NEXT_ITEM_MODE, INCREMENTAL_MAX_BOUNDARY_HASHES,
            PACKAGE_MAX_ITEMS,
            NORMALIZE_WORKERS, NORMALIZE_DURING_EXTRACT,
            LOADER_FILE_FORMAT, LOAD_WORKERS, DELETE_COMPLETED_JOBS, RAISE_ON_FAILED_JOBS, ATOMIC_PACKAGES,
            RETRY_ATTEMPTS, RETRY_BACKOFF, REPLACE_STRATEGY, PROGRESS, PIPELINES_DIR, RESTORE_FROM_DESTINATION, REFRESH,
            LOG_LEVEL);

    private final String section;
    private final String name;
    private final String alias;
    private final T defaultValue;
    private final T unsetValue;
    private final String description;
    private final String allowed;
    private final List<String> allowedValues;
    private final Function<Object, T> parser;
    private final boolean secret;

    private ConfigKey(Builder<T> b) {
        this.secret = b.secret;
        this.section = b.section;
        this.name = b.name;
        this.alias = b.alias;
        this.defaultValue = b.defaultValue;
        this.unsetValue = b.unsetValue;
        this.description = b.description;
        this.allowed = b.allowed;
        this.allowedValues = b.allowedValues;
        this.parser = b.parser;
    }

    /**
     * Starts the declaration of a key: {@code section} as written in TOML with dots
     * ({@code load}, {@code destination.duckdb}; {@link #PIPELINE} for top-level keys), {@code name}
     * in snake_case. Pick the type next ({@link Untyped#integerAtLeast(int)}, {@link Untyped#bool()},
     * {@link Untyped#choice(String...)}, ...), then the default and the description.
     */
    public static Untyped define(String section, String name) {
        return new Untyped(section, name);
    }

    /** Every key on the class path: see {@link ConfigKeys#all()}. */
    public static List<ConfigKey<?>> all() {
        return ConfigKeys.all();
    }

    /**
     * {@code data_writer}, {@code extract}, {@code normalize}, {@code load}, {@code runtime},
     * {@code destination}, a destination's own section such as {@code destination.duckdb}, or {@link #PIPELINE}.
     */
    public String section() {
        return section;
    }

    public String name() {
        return name;
    }

    /** A second accepted name, e.g. {@code max_buffer_items}. */
    public Optional<String> alias() {
        return Optional.ofNullable(alias);
    }

    /** The value when nothing sets the key; empty for a key that is unset by default (e.g. a driver setting). */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The default as documentation shows it ({@code unset} for "no rotation", "no folder", no default). */
    public String defaultText() {
        return display(defaultValue);
    }

    public String description() {
        return description;
    }

    /** What a valid value looks like, for error messages and the documentation. */
    public String allowed() {
        return allowed;
    }

    /** The values allowed, for a key that takes one of a fixed list; empty otherwise. */
    public List<String> allowedValues() {
        return allowedValues;
    }

    /** True for a key whose value is never printed (a password, a URI with one): shown as {@code ***}. */
    public boolean isSecret() {
        return secret;
    }

    boolean hasName(String written) {
        return name.equals(written) || (alias != null && alias.equals(written));
    }

    /**
     * Converts a raw value (a String from an environment variable, or Long, Double, Boolean,
     * String or another TOML value) to the key's type; fails with {@link IllegalArgumentException}.
     */
    T parse(Object raw) {
        return parser.apply(raw);
    }

    /**
     * Checks a value given in code or in a URI (e.g. {@code duckdb:x.duckdb?memory_limit=1GB}) as the key
     * would check it in a file; fails with an {@link IllegalArgumentException} naming the key, the value
     * and what is allowed, with {@code where} (e.g. {@code "DuckDB URI option"}) in front.
     */
    public T check(String where, Object raw) {
        try {
            return parse(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " " + name + " '" + (secret ? SECRET_MASK : raw)
                    + "' is not valid; allowed: " + allowed, e);
        }
    }

    /** A value as {@code config show} prints it; a secret one as {@code ***}. */
    String display(Object value) {
        if (value == null || Objects.equals(value, unsetValue)) {
            return "unset";
        }
        if (secret) {
            return SECRET_MASK;
        }
        if (value instanceof Duration d) {
            return durationText(d);
        }
        return String.valueOf(value);
    }

    static String durationText(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    @Override
    public String toString() {
        return section.isEmpty() ? name : section + "." + name;
    }

    /** The first step of a declaration: section and name, no type yet. */
    public static final class Untyped {
        private final String section;
        private final String name;

        private Untyped(String section, String name) {
            this.section = Objects.requireNonNull(section, "section");
            this.name = Objects.requireNonNull(name, "name");
            if (!name.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("config key name '" + name + "' must be snake_case");
            }
        }

        /** An integer of at least {@code min}; strings and integral floats are coerced, as dlt does. */
        public Builder<Integer> integerAtLeast(int min) {
            return parsedBy(intAtLeast(min), "an integer of at least " + min);
        }

        /** true or false, also yes/no, y/n, t/f, 1/0 (any case). */
        public Builder<Boolean> bool() {
            return parsedBy(ConfigKey::bool, BOOL);
        }

        /** One of {@code values}, any case, as the value is written in the list. */
        public Builder<String> choice(String... values) {
            String allowed = quoted(Arrays.asList(values));
            return parsedBy(ConfigKey.choice(values), allowed).allowedValues(List.of(values));
        }

        /** Any text that is not blank, trimmed. */
        public Builder<String> text() {
            return parsedBy(ConfigKey::nonBlank, "a non-empty text");
        }

        /** Text matching {@code pattern} (trimmed); {@code allowed} says what that is, for messages. */
        public Builder<String> matching(String pattern, String allowed) {
            Pattern p = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
            return parsedBy(raw -> {
                String s = nonBlank(raw);
                if (!p.matcher(s).matches()) {
                    throw new IllegalArgumentException();
                }
                return s;
            }, allowed);
        }

        /** A duration: {@code "50ms"}, {@code "2s"}, {@code "1min"}, or a number of seconds (dlt's floats). */
        public Builder<Duration> duration() {
            return parsedBy(ConfigKey::duration, "a duration of at least 0 such as \"50ms\", \"2s\" or \"1min\","
                    + " or a number of seconds");
        }

        /** Any other type: {@code parser} throws {@link IllegalArgumentException} for a bad value. */
        public <T> Builder<T> parsedBy(Function<Object, T> parser, String allowed) {
            return new Builder<>(section, name, parser, allowed);
        }
    }

    /** The rest of a declaration; {@link #build()} checks the default against the key's own parser. */
    public static final class Builder<T> {
        private final String section;
        private final String name;
        private final Function<Object, T> parser;
        private final String allowed;
        private String alias;
        private T defaultValue;
        private T unsetValue;
        private String description = "";
        private List<String> allowedValues = List.of();
        private boolean secret;

        private Builder(String section, String name, Function<Object, T> parser, String allowed) {
            this.section = section;
            this.name = name;
            this.parser = Objects.requireNonNull(parser, "parser");
            this.allowed = Objects.requireNonNull(allowed, "allowed");
        }

        public Builder<T> alias(String value) {
            this.alias = value;
            return this;
        }

        /** Without one, the key is unset unless configured ({@code config show} prints {@code unset}). */
        public Builder<T> defaultValue(T value) {
            this.defaultValue = Objects.requireNonNull(value, "default");
            return this;
        }

        /** A value that means "not set" (e.g. 0 for no rotation): shown as {@code unset}. */
        public Builder<T> unsetWhen(T value) {
            this.unsetValue = value;
            return this;
        }

        /** The value is never printed: {@code config show}, the documentation and errors show {@code ***}. */
        public Builder<T> secret() {
            this.secret = true;
            return this;
        }

        public Builder<T> description(String value) {
            this.description = Objects.requireNonNull(value, "description");
            return this;
        }

        Builder<T> allowedValues(List<String> values) {
            this.allowedValues = List.copyOf(values);
            return this;
        }

        public ConfigKey<T> build() {
            if (description.isBlank()) {
                throw new IllegalStateException("config key " + section + "." + name + " has no description");
            }
            return new ConfigKey<>(this);
        }
    }

    private static String quoted(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(i == values.size() - 1 ? " or " : ", ");
            }
            sb.append('"').append(values.get(i)).append('"');
        }
        return sb.toString();
    }

    private static String nonBlank(Object raw) {
        if (raw instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        throw new IllegalArgumentException();
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|min|h)?",
            Pattern.CASE_INSENSITIVE);

    private static Duration duration(Object raw) {
        BigDecimal amount;
        String unit = "s";
        if (raw instanceof Long l) {
            amount = BigDecimal.valueOf(l);
        } else if (raw instanceof Integer i) {
            amount = BigDecimal.valueOf(i);
        } else if (raw instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            amount = BigDecimal.valueOf(d);
        } else if (raw instanceof String s) {
            Matcher m = DURATION.matcher(s.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException();
            }
            amount = new BigDecimal(m.group(1));
            unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        } else {
            throw new IllegalArgumentException();
        }
        long millisPerUnit = switch (unit) {
            case "ms" -> 1;
            case "min" -> 60_000;
            case "h" -> 3_600_000;
            default -> 1000;
        };
        BigDecimal millis = amount.multiply(BigDecimal.valueOf(millisPerUnit));
        if (millis.signum() < 0 || millis.compareTo(BigDecimal.valueOf(365L * 24 * 3_600_000)) > 0) {
            throw new IllegalArgumentException();
        }
        return Duration.ofMillis(millis.longValue());
    }

    // ---- parsers: strict, with dlt's coercions (string to number or bool, integral float to int)

    private static Function<Object, Integer> intAtLeast(int min) {
        return raw -> {
            long v = integer(raw);
            if (v < min || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException();
            }
            return (int) v;
        };
    }

    private static Function<Object, Long> longAtLeast(long min) {
        return raw -> {
            long v = integer(raw);
            if (v < min) {
                throw new IllegalArgumentException();
            }
            return v;
        };
    }

    private static long integer(Object raw) {
        if (raw instanceof Long l) {
            return l;
        }
        if (raw instanceof Integer i) {
            return i;
        }
        if (raw instanceof Double d) {
            if (d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 9.0e15) {
                return d.longValue();
            }
            throw new IllegalArgumentException();
        }
        if (raw instanceof String s) {
            String t = s.trim();
            try {
                if (t.startsWith("0x") || t.startsWith("0X")) {
                    return Long.parseLong(t.substring(2), 16);
                }
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException();
            }
        }
        throw new IllegalArgumentException();
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?i?b)?", Pattern.CASE_INSENSITIVE);

    private static Long size(Object raw) {
        if (raw instanceof String s) {
            Matcher m = SIZE.matcher(s.trim());
            if (m.matches() && m.group(2) != null) {
                String unit = m.group(2).toLowerCase(Locale.ROOT);
                long base = unit.contains("i") ? 1024 : 1000;
                int power = switch (unit.charAt(0)) {
                    case 'k' -> 1;
                    case 'm' -> 2;
                    case 'g' -> 3;
                    case 't' -> 4;
                    default -> 0;
                };
                BigInteger v = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(base).pow(power));
                if (v.bitLength() > 62) {
                    throw new IllegalArgumentException();
                }
                return v.longValue();
            }
        }
        long v = integer(raw);
        if (v < 0) {
            throw new IllegalArgumentException();
        }
        return v;
    }

    private static Boolean bool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof Long l && (l == 0 || l == 1)) {
            return l == 1;
        }
        if (raw instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "t", "yes", "y", "1":
                    return true;
                case "false", "f", "no", "n", "0":
                    return false;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException();
    }

    private static NextItemMode nextItemMode(Object raw) {
        if (raw instanceof String s) {
            for (NextItemMode m : NextItemMode.values()) {
                if (m.configName().equalsIgnoreCase(s.trim())) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException();
    }

    private static ReplaceStrategy replaceStrategy(Object raw) {
        if (raw instanceof String s) {
            for (ReplaceStrategy r : ReplaceStrategy.values()) {
                if (r.configName().equalsIgnoreCase(s.trim())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException();
    }

    private static List<String> formatNames() {
        return Arrays.stream(LoaderFileFormat.values()).map(LoaderFileFormat::extension).toList();
    }

    /** One of the loader file formats by its dlt name, any case. */
    private static LoaderFileFormat loaderFileFormat(Object raw) {
        if (raw instanceof String s) {
            for (LoaderFileFormat f : LoaderFileFormat.values()) {
                if (f.extension().equalsIgnoreCase(s.trim())) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException();
    }

    private static Function<Object, String> choice(String... values) {
        return raw -> {
            if (raw instanceof String s) {
                for (String v : values) {
                    if (v.equalsIgnoreCase(s.trim())) {
                        return v;
                    }
                }
            }
            throw new IllegalArgumentException();
        };
    }

    private static String logLevel(Object raw) {
        if (raw instanceof String s) {
            String up = s.trim().toUpperCase(Locale.ROOT);
            if (List.of("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG").contains(up)) {
                return up;
            }
        }
        throw new IllegalArgumentException();
    }

    private static String refresh(Object raw) {
        if (raw instanceof String s) {
            return dev.dlt4j.Refresh.fromDltName(s).dltName();
        }
        throw new IllegalArgumentException();
    }

    private static String path(Object raw) {
        if (raw instanceof String s && !s.isBlank()) {
            try {
                Path.of(s.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException();
            }
            return s.trim();
        }
        throw new IllegalArgumentException();
    }
}
