package dev.dlt4j.config;

import dev.dlt4j.ReplaceStrategy;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once: the section it belongs to ({@code data_writer},
 * {@code extract}, {@code normalize}, {@code load}, {@code runtime}, or the pipeline's own top
 * level), its name and alias, its default, a description, and the parser that validates a raw
 * value from TOML or an environment variable. {@link #all()} lists every key dlt4j reads.
 */
public final class ConfigKey<T> {
    /** The pipeline's own keys have no section of their own (dlt's {@code PipelineConfiguration}). */
    public static final String PIPELINE = "";

    public static final ConfigKey<Integer> BUFFER_MAX_ITEMS = new ConfigKey<>("data_writer", "buffer_max_items",
            "max_buffer_items", 5000, "Items a writer buffers before it appends them to its file.",
            "an integer of at least 1", intAtLeast(1));
    public static final ConfigKey<Long> FILE_MAX_ITEMS = new ConfigKey<>("data_writer", "file_max_items", null, 0L,
            "Items after which a file is closed and a new one started (0 = no rotation).",
            "an integer of at least 0 (0 = no rotation)", longAtLeast(0));
    public static final ConfigKey<Long> FILE_MAX_BYTES = new ConfigKey<>("data_writer", "file_max_bytes", null, 0L,
            "Uncompressed bytes after which a file is closed and a new one started (0 = no rotation).",
            "a size of at least 0 bytes, as an integer or with a unit such as \"100MB\" or \"1GiB\" (0 = no rotation)",
            ConfigKey::size);
    public static final ConfigKey<Boolean> DISABLE_COMPRESSION = new ConfigKey<>("data_writer",
            "disable_compression", null, false, "true writes files without gzip.",
            "true or false (also yes/no, y/n, t/f, 1/0)", ConfigKey::bool);

    public static final ConfigKey<Integer> EXTRACT_WORKERS = new ConfigKey<>("extract", "workers", null, 5,
            "Threads that evaluate deferred items and step parallelized resources.", "an integer of at least 1",
            intAtLeast(1));
    public static final ConfigKey<Integer> MAX_PARALLEL_ITEMS = new ConfigKey<>("extract", "max_parallel_items",
            null, 20, "Deferred items queued or running at once.", "an integer of at least 1", intAtLeast(1));
    public static final ConfigKey<NextItemMode> NEXT_ITEM_MODE = new ConfigKey<>("extract", "next_item_mode", null,
            NextItemMode.FIFO, "The order in which resources are drained: fifo or round_robin.",
            "\"fifo\" or \"round_robin\"", ConfigKey::nextItemMode);

    public static final ConfigKey<Integer> NORMALIZE_WORKERS = new ConfigKey<>("normalize", "workers", null, 1,
            "Threads that normalize extracted files; a top-level workers applies too.", "an integer of at least 1",
            intAtLeast(1));

    public static final ConfigKey<String> LOADER_FILE_FORMAT = new ConfigKey<>("normalize", "loader_file_format",
            null, "", "Format of the load job files: jsonl, csv, insert_values or parquet (unset: the destination's"
                    + " preferred one).", "\"jsonl\", \"csv\", \"insert_values\" or \"parquet\"",
            choice("jsonl", "csv", "insert_values", "parquet"));

    public static final ConfigKey<Integer> LOAD_WORKERS = new ConfigKey<>("load", "workers", null, 20,
            "Threads that load job files; a top-level workers applies too.", "an integer of at least 1",
            intAtLeast(1));
    public static final ConfigKey<Boolean> DELETE_COMPLETED_JOBS = new ConfigKey<>("load", "delete_completed_jobs",
            null, false, "true deletes the job files of a package once it is loaded.",
            "true or false (also yes/no, y/n, t/f, 1/0)", ConfigKey::bool);
    public static final ConfigKey<Boolean> RAISE_ON_FAILED_JOBS = new ConfigKey<>("load", "raise_on_failed_jobs",
            null, true, "true fails the run when a job fails terminally.",
            "true or false (also yes/no, y/n, t/f, 1/0)", ConfigKey::bool);
    public static final ConfigKey<Boolean> ATOMIC_PACKAGES = new ConfigKey<>("load", "atomic_packages",
            null, true, "true loads each package in one transaction on DuckDB and PostgreSQL: its rows become"
                    + " visible at once, or not at all when a job fails; false loads jobs in parallel, each"
                    + " committed on its own.", "true or false (also yes/no, y/n, t/f, 1/0)", ConfigKey::bool);

    public static final ConfigKey<String> PROGRESS = new ConfigKey<>(PIPELINE, "progress", null, "none",
            "Progress output: none, log, or a bar on a terminal (bar, or dlt's names tqdm, enlighten, alive_progress).",
            "\"none\", \"log\", \"bar\", \"tqdm\", \"enlighten\" or \"alive_progress\"",
            choice("none", "log", "bar", "tqdm", "enlighten", "alive_progress"));
    public static final ConfigKey<String> PIPELINES_DIR = new ConfigKey<>(PIPELINE, "pipelines_dir", null, "",
            "Where working folders live (relative paths against the project dir); default ~/.dlt4j/pipelines"
                    + " or $DLT4J_DATA_DIR/pipelines.", "a non-empty path", ConfigKey::path);
    public static final ConfigKey<String> LOG_LEVEL = new ConfigKey<>("runtime", "log_level", null, "WARNING",
            "Log level: CRITICAL, ERROR, WARNING, INFO or DEBUG.",
            "\"CRITICAL\", \"ERROR\", \"WARNING\", \"INFO\" or \"DEBUG\" (any case)", ConfigKey::logLevel);

    public static final ConfigKey<ReplaceStrategy> REPLACE_STRATEGY = new ConfigKey<>("destination",
            "replace_strategy", null, ReplaceStrategy.TRUNCATE_AND_INSERT,
            "How replace tables are refreshed: truncate-and-insert, or insert-from-staging (one transaction).",
            "\"truncate-and-insert\" or \"insert-from-staging\"", ConfigKey::replaceStrategy);

    /**
     * The storage version of a DuckDB file dlt4j creates: by default one DuckDB 1.4 LTS and newer
     * read (DuckDB's {@code storage_compatibility_version}); {@code latest} for the newest format.
     */
    public static final ConfigKey<String> DUCKDB_STORAGE_VERSION = new ConfigKey<>("destination.duckdb",
            "storage_version", null, "v1.4.0", "Storage version of new DuckDB files: v1.4.0 (read by DuckDB 1.4 LTS"
                    + " and newer) or latest (only the DuckDB version dlt4j ships reads it); also ?storage_version= in"
                    + " the duckdb URI.", "\"latest\" or a DuckDB version such as \"v1.4.0\"",
            ConfigKey::storageVersion);

    private static final List<ConfigKey<?>> ALL = List.of(BUFFER_MAX_ITEMS, FILE_MAX_ITEMS, FILE_MAX_BYTES,
            DISABLE_COMPRESSION, EXTRACT_WORKERS, MAX_PARALLEL_ITEMS, NEXT_ITEM_MODE, NORMALIZE_WORKERS, LOADER_FILE_FORMAT,
            LOAD_WORKERS,
            DELETE_COMPLETED_JOBS, RAISE_ON_FAILED_JOBS, ATOMIC_PACKAGES, REPLACE_STRATEGY, DUCKDB_STORAGE_VERSION,
            PROGRESS, PIPELINES_DIR, LOG_LEVEL);

    private final String section;
    private final String name;
    private final String alias;
    private final T defaultValue;
    private final String description;
    private final String allowed;
    private final Function<Object, T> parser;

    private ConfigKey(String section, String name, String alias, T defaultValue, String description, String allowed,
            Function<Object, T> parser) {
        this.section = section;
        this.name = name;
        this.alias = alias;
        this.defaultValue = defaultValue;
        this.description = description;
        this.allowed = allowed;
        this.parser = parser;
    }

    /** Every key dlt4j reads, in the order of the documentation table. */
    public static List<ConfigKey<?>> all() {
        return ALL;
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

    public T defaultValue() {
        return defaultValue;
    }

    /** The default as documentation shows it ({@code unset} for "no rotation" and "no folder"). */
    public String defaultText() {
        return display(defaultValue);
    }

    public String description() {
        return description;
    }

    /** What a valid value looks like, for error messages. */
    public String allowed() {
        return allowed;
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

    String display(Object value) {
        if (this == FILE_MAX_ITEMS || this == FILE_MAX_BYTES) {
            return Long.valueOf(0).equals(value) ? "unset" : String.valueOf(value);
        }
        if (this == PIPELINES_DIR && "".equals(value)) {
            return "unset";
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return section.isEmpty() ? name : section + "." + name;
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

    /** {@code latest} or {@code v<major>.<minor>.<patch>}; DuckDB itself refuses a version it does not know. */
    public static String storageVersion(Object raw) {
        if (raw instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("latest") || t.matches("v\\d+\\.\\d+\\.\\d+")) {
                return t;
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
