package dev.dlt4j.source.filesystem;

import dev.dlt4j.Config;
import dev.dlt4j.Incremental;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.SourceFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Type {@code filesystem}: a source from settings with dlt's names, for {@code dlt4j run} and
 * {@code dlt4j ingest --source file:///...}.
 *
 * <pre>
 * [sources.events]
 * type = "filesystem"
 * bucket_url = "file:///data/events"     # or the url with its glob: "file:///data/events/*.jsonl.gz"
 * file_glob = "*.jsonl.gz"               # dlt's default "*"
 * format = "jsonl"                       # csv | jsonl | parquet; default: each file's name
 * file_columns = ["file_name", "modification_date"]
 * files_per_page = 100
 * chunksize = 10000
 * delimiter = ","
 * infer_types = true                     # csv only
 * allow_empty = false
 * table_name = "events"                  # default: from the glob
 * incremental = {cursor_path = "modification_date", initial_value = "2024-01-01T00:00:00Z"}
 * primary_key = ["id"]                   # and write_disposition = "merge": one row per key
 * [sources.events.resources.users]       # more globs, one resource (table) each; same keys
 * file_glob = "users/*.csv"
 * </pre>
 *
 * A key it does not know, or a value of the wrong kind, fails naming the key, the value and what is
 * allowed.
 */
public final class FilesystemSourceFactory implements dev.dlt4j.spi.SplittableSource {
    private static final Set<String> RESOURCE_KEYS = new TreeSet<>(List.of("bucket_url", "file_glob", "format",
            "file_columns", "files_per_page", "chunksize", "delimiter", "infer_types", "allow_empty", "table_name",
            "incremental", "primary_key", "write_disposition"));
    static final Set<String> KEYS = new TreeSet<>(RESOURCE_KEYS);

    static {
        KEYS.add("type");
        KEYS.add("resources");
        KEYS.add("files");
    }

    /** A split run's partition: the relative paths of its files (made by {@link #split}). */
    static final String FILES = "files";

    @Override
    public String type() {
        return "filesystem";
    }

    /** {@code file://} urls, as dlt's local bucket urls. */
    @Override
    public boolean accepts(String sourceUri) {
        return sourceUri != null && sourceUri.regionMatches(true, 0, "file://", 0, 7);
    }

    @Override
    public Source create(String name, Map<String, Object> settings, Config config) {
        check(settings.keySet(), KEYS, "");
        List<Resource> resources = new ArrayList<>();
        Object more = settings.get("resources");
        if (settings.containsKey(FILES) && (more != null || !settings.containsKey("bucket_url"))) {
            throw new IllegalArgumentException("source " + name + " (type filesystem): files (a split run's"
                    + " partition) needs bucket_url and no resources");
        }
        if (settings.containsKey("bucket_url")) {
            if (settings.containsKey("file_glob") || more == null) {
                FilesystemSource one = build(settings, "");
                if (settings.containsKey(FILES)) {
                    one = one.onlyFiles(fileList(settings.get(FILES)));
                }
                resources.add(one.resource());
            }
        } else if (more == null) {
            throw new IllegalArgumentException("source " + name + " (type filesystem): bucket_url is missing; give"
                    + " the folder, e.g. bucket_url = \"file:///data/events\" with file_glob = \"*.jsonl.gz\"");
        }
        if (more != null) {
            if (!(more instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("resources = " + more + " is not a table; give one table per"
                        + " resource, e.g. [sources." + name + ".resources.users] file_glob = \"users/*.csv\"");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String resource = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof Map<?, ?> r)) {
                    throw new IllegalArgumentException("resources." + resource + " = " + e.getValue()
                            + " is not a table; give its file_glob and other settings");
                }
                Map<String, Object> merged = resourceSettings(settings, resource, r);
                String path = "resources." + resource + ".";
                resources.add(build(merged, path).resource());
            }
        }
        return Source.of(name, resources);
    }

    /**
     * Splits the source's files into runs of consecutive files in listing order (by path), as equal
     * in count as can be: one glob ({@code bucket_url} and {@code file_glob}) gets all
     * {@code partitions}; a source of several globs (the source's own and its {@code resources}) shares
     * them among its globs in proportion to their file counts, at least one each, in the source's
     * resource order. Each partition is one glob's settings (a resource's merged with the source's,
     * its {@code table_name} the resource's name) plus its {@code files}.
     */
    @Override
    public List<dev.dlt4j.spi.SourcePartition> split(String name, Map<String, Object> settings, Config config,
            int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be 1 or more, got " + partitions);
        }
        check(settings.keySet(), KEYS, "");
        if (settings.containsKey(FILES)) {
            throw new IllegalArgumentException("source " + name + " (type filesystem): files is set by a split run;"
                    + " remove it");
        }
        // the source one JVM builds from these settings (no file is read): what it refuses, such as two
        // globs into one table, a split refuses too, though each partition alone would hold one glob
        create(name, settings, config);
        List<Map<String, Object>> globs = globs(name, settings);
        List<List<String>> files = new ArrayList<>();
        long total = 0;
        for (Map<String, Object> g : globs) {
            List<String> mine = build(g, "").listRelativePaths();
            files.add(mine);
            total += mine.size();
        }
        List<dev.dlt4j.spi.SourcePartition> out = new ArrayList<>();
        for (int g = 0; g < globs.size(); g++) {
            List<String> all = files.get(g);
            int n = globs.size() == 1 ? partitions : (int) (partitions * (long) all.size() / Math.max(1, total));
            n = Math.max(1, Math.min(n, all.size()));
            int from = 0;
            for (int i = 0; i < n; i++) {
                int to = from + (all.size() - from) / (n - i);
                List<String> mine = new ArrayList<>(all.subList(from, to));
                Map<String, Object> part = new LinkedHashMap<>(globs.get(g));
                part.put(FILES, mine);
                String table = globs.size() == 1 ? "" : part.getOrDefault("table_name", name) + ": ";
                out.add(new dev.dlt4j.spi.SourcePartition(out.size(), type(), name, part, table + (mine.isEmpty()
                        ? "no files" : mine.size() + " files " + mine.get(0) + " .. " + mine.get(mine.size() - 1))));
                from = to;
            }
        }
        return out;
    }

    /**
     * The settings of each glob of a source, in its resource order: the source's own glob (when it
     * has {@code bucket_url} and a {@code file_glob}, or no {@code resources}), then each resource's,
     * merged with the source's as {@link #create} merges them.
     */
    private static List<Map<String, Object>> globs(String name, Map<String, Object> settings) {
        List<Map<String, Object>> out = new ArrayList<>();
        Object more = settings.get("resources");
        if (settings.containsKey("bucket_url") && (settings.containsKey("file_glob") || more == null)) {
            Map<String, Object> own = new LinkedHashMap<>(settings);
            own.remove("resources");
            out.add(own);
        } else if (!settings.containsKey("bucket_url") && more == null) {
            throw new IllegalArgumentException("source " + name + " (type filesystem): bucket_url is missing; give"
                    + " the folder, e.g. bucket_url = \"file:///data/events\" with file_glob = \"*.jsonl.gz\"");
        }
        if (more instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String resource = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof Map<?, ?> r)) {
                    throw new IllegalArgumentException("resources." + resource + " = " + e.getValue()
                            + " is not a table; give its file_glob and other settings");
                }
                out.add(resourceSettings(settings, resource, r));
            }
        } else if (more != null) {
            throw new IllegalArgumentException("resources = " + more + " is not a table; give one table per"
                    + " resource, e.g. [sources." + name + ".resources.users] file_glob = \"users/*.csv\"");
        }
        return out;
    }

    /** One resource's settings: the source's reading settings, then the resource's own; checked. */
    private static Map<String, Object> resourceSettings(Map<String, Object> settings, String resource, Map<?, ?> r) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Map.Entry<String, Object> s : settings.entrySet()) {
            if (RESOURCE_KEYS.contains(s.getKey()) && !s.getKey().equals("table_name")) {
                merged.put(s.getKey(), s.getValue());
            }
        }
        String path = "resources." + resource + ".";
        for (Map.Entry<?, ?> s : r.entrySet()) {
            String key = String.valueOf(s.getKey());
            if (!RESOURCE_KEYS.contains(key)) {
                throw unknown(path + key, RESOURCE_KEYS);
            }
            merged.put(key, s.getValue());
        }
        if (r.containsKey("file_glob") && !r.containsKey("format")) {
            // its own glob, its own files: a format fixed for the source's glob ("jsonl" for
            // *.jsonl.gz) would misread them (users/*.csv); each file's name tells, as by default
            merged.remove("format");
        }
        if (!merged.containsKey("bucket_url")) {
            throw new IllegalArgumentException(path + "bucket_url is missing; set bucket_url on the source"
                    + " or on the resource");
        }
        merged.putIfAbsent("table_name", resource);
        return merged;
    }

    private static List<String> fileList(Object raw) {
        if (!(raw instanceof List<?> l)) {
            throw new IllegalArgumentException("files = " + raw + " is not a list of relative paths");
        }
        return l.stream().map(String::valueOf).toList();
    }

    /** One glob's reader from its settings; {@code path} prefixes keys in messages. */
    static FilesystemSource build(Map<String, Object> s, String path) {
        String bucket = string(s, path, "bucket_url");
        FilesystemSource src = s.containsKey("file_glob")
                ? FilesystemSource.of(bucket, string(s, path, "file_glob"))
                : FilesystemSource.of(bucket);
        if (s.containsKey("format")) {
            String f = string(s, path, "format");
            try {
                src = src.format(FileFormat.named(f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + "format = '" + f + "' is not a format; allowed: "
                        + FileFormat.allowed(), e);
            }
        }
        if (s.containsKey("file_columns")) {
            Object v = s.get("file_columns");
            List<String> names = new ArrayList<>();
            if (v instanceof List<?> l) {
                l.forEach(x -> names.add(String.valueOf(x)));
            } else if (v instanceof String str) {
                for (String x : str.split(",")) {
                    if (!x.isBlank()) {
                        names.add(x.strip());
                    }
                }
            } else {
                throw new IllegalArgumentException(path + "file_columns = " + v + " is not a list; give e.g."
                        + " [\"file_name\", \"modification_date\"] (allowed: " + FileColumn.allowed() + ")");
            }
            List<FileColumn> cols = new ArrayList<>();
            for (String n : names) {
                try {
                    cols.add(FileColumn.named(n.toLowerCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(path + "file_columns: '" + n + "' is not a file column;"
                            + " allowed: " + FileColumn.allowed(), e);
                }
            }
            src = src.fileColumns(cols.toArray(new FileColumn[0]));
        }
        if (s.containsKey("files_per_page")) {
            src = src.filesPerPage(integer(s, path, "files_per_page"));
        }
        if (s.containsKey("chunksize")) {
            src = src.chunkSize(integer(s, path, "chunksize"));
        }
        if (s.containsKey("delimiter")) {
            String d = string(s, path, "delimiter");
            String c = d.equals("\\t") ? "\t" : d;
            if (c.length() != 1) {
                throw new IllegalArgumentException(path + "delimiter = '" + d + "' is not one character; give e.g."
                        + " \",\", \";\" or \"\\t\"");
            }
            src = src.csvDelimiter(c.charAt(0));
        }
        if (s.containsKey("infer_types")) {
            src = src.inferCsvTypes(bool(s, path, "infer_types"));
        }
        if (s.containsKey("allow_empty")) {
            src = src.allowEmpty(bool(s, path, "allow_empty"));
        }
        if (s.containsKey("table_name")) {
            src = src.name(string(s, path, "table_name"));
        }
        if (s.containsKey("primary_key")) {
            Object v = s.get("primary_key");
            List<String> key = new ArrayList<>();
            if (v instanceof List<?> l) {
                l.forEach(x -> key.add(String.valueOf(x)));
            } else if (v instanceof String str) {
                for (String x : str.split(",")) {
                    key.add(x.strip());
                }
            }
            if (key.isEmpty() || key.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException(path + "primary_key = " + v + " is not allowed; give a column name"
                        + " or a list of them");
            }
            src = src.primaryKey(key.toArray(new String[0]));
        }
        if (s.containsKey("write_disposition")) {
            String d = string(s, path, "write_disposition");
            try {
                src = src.writeDisposition(WriteDisposition.fromDltName(d));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + "write_disposition = '" + d + "' is not allowed; allowed:"
                        + " append, replace, merge", e);
            }
        }
        if (s.containsKey("incremental")) {
            src = src.incremental(incremental(s.get("incremental"), path));
        }
        return src;
    }

    /**
     * dlt's incremental settings: a cursor path, or a table with {@code cursor_path} and optionally
     * {@code initial_value} / {@code end_value} (ISO date-times for {@code modification_date}).
     */
    private static Incremental incremental(Object v, String path) {
        Map<?, ?> m = v instanceof String str ? Map.of("cursor_path", str) : v instanceof Map<?, ?> map ? map : null;
        if (m == null || !(m.get("cursor_path") instanceof String cursor) || cursor.isBlank()) {
            throw new IllegalArgumentException(path + "incremental = " + v + " is not allowed; give a table with"
                    + " cursor_path, e.g. {cursor_path = \"modification_date\", initial_value = \"2024-01-01T00:00:00Z\"}");
        }
        for (Object key : m.keySet()) {
            if (!List.of("cursor_path", "initial_value", "end_value").contains(String.valueOf(key))) {
                throw new IllegalArgumentException("unknown filesystem source setting '" + path + "incremental." + key
                        + "'; allowed: cursor_path, initial_value, end_value");
            }
        }
        Incremental inc = Incremental.on(cursor);
        if (m.containsKey("initial_value")) {
            inc = inc.initial(cursorValue(cursor, m.get("initial_value"), path + "incremental.initial_value"));
        }
        if (m.containsKey("end_value")) {
            inc = inc.end(cursorValue(cursor, m.get("end_value"), path + "incremental.end_value"));
        }
        return inc;
    }

    /** A date-time cursor's bound as an {@code Instant} (files' dates are instants); other values as given. */
    private static Object cursorValue(String cursor, Object value, String key) {
        if (!cursor.equals("modification_date")) {
            return value;
        }
        if (value instanceof java.time.Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        try {
            return java.time.OffsetDateTime.parse(String.valueOf(value)).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(key + " = " + value + " is not a date-time; give an ISO 8601 date-time"
                    + " with offset, e.g. 2024-01-01T00:00:00Z", e);
        }
    }

    private static void check(Set<String> keys, Set<String> allowed, String path) {
        for (String k : keys) {
            if (!allowed.contains(k)) {
                throw unknown(path + k, allowed);
            }
        }
    }

    private static IllegalArgumentException unknown(String key, Set<String> allowed) {
        return new IllegalArgumentException("unknown filesystem source setting '" + key + "'; allowed: "
                + String.join(", ", allowed));
    }

    private static String string(Map<String, Object> s, String path, String key) {
        Object v = s.get(key);
        if (!(v instanceof String str)) {
            throw new IllegalArgumentException(path + key + " = " + v + " is not text; give a string");
        }
        return str;
    }

    private static int integer(Map<String, Object> s, String path, String key) {
        Object v = s.get(key);
        try {
            long n = v instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(v).strip());
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + key + " = " + v + " is not allowed; give a whole number from 1"
                    + " to " + Integer.MAX_VALUE, e);
        }
    }

    private static boolean bool(Map<String, Object> s, String path, String key) {
        Object v = s.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        String t = String.valueOf(v).strip().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return t.equals("true");
        }
        throw new IllegalArgumentException(path + key + " = " + v + " is not allowed; give true or false");
    }
}
