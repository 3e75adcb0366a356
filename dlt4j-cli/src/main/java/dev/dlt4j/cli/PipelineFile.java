package dev.dlt4j.cli;

import dev.dlt4j.config.ClosestName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * A pipeline file of {@code dlt4j run}: a {@code [pipeline]} table and one {@code [sources.<name>]}
 * table per source, read with the line of every key (inline tables and arrays of them included)
 * so that each error points at {@code file:line}. Values become plain Java values (text, Long,
 * Double, Boolean, List, Map; dates and times as ISO-8601 text) with {@code ${ENV_VAR}} replaced.
 * Immutable once read.
 */
final class PipelineFile {
    static final List<String> TOP_LEVEL = List.of("pipeline", "sources");
    static final List<String> PIPELINE_KEYS = List.of("name", "destination", "dataset", "pipelines_dir");
    private static final Pattern ENV = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");

    final Path file;
    private final TomlParseResult toml;
    final Map<String, Object> pipeline;
    /** Each source's table as written, {@code ${...}} replaced, in file order. */
    final Map<String, Map<String, Object>> sources;

    private PipelineFile(Path file, TomlParseResult toml, Map<String, Object> pipeline,
            Map<String, Map<String, Object>> sources) {
        this.file = file;
        this.toml = toml;
        this.pipeline = pipeline;
        this.sources = sources;
    }

    /** Reads and checks the file's shape; fails with a {@link RunException} naming file, line and key. */
    static PipelineFile read(Path file, Map<String, String> env) {
        if (!Files.isRegularFile(file)) {
            throw new RunException(file + ": no such pipeline file");
        }
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            throw new RunException(file + ": cannot be read: " + e.getMessage());
        }
        if (toml.hasErrors()) {
            var err = toml.errors().get(0);
            throw new RunException(file + ":" + err.position().line() + ":" + err.position().column()
                    + ": not valid TOML: " + err.getMessage());
        }
        PipelineFile pf = new PipelineFile(file, toml, Map.of(), Map.of());
        for (String k : toml.keySet()) {
            if (!TOP_LEVEL.contains(k)) {
                throw pf.error(List.of(k), "unknown table [" + k + "]" + DidYouMean.suggest(k, TOP_LEVEL)
                        + "; a pipeline file has [pipeline] and [sources.<name>] tables");
            }
        }
        if (!(toml.get(List.of("pipeline")) instanceof TomlTable p)) {
            throw new RunException(file + ": a pipeline file needs a [pipeline] table with name (and destination,"
                    + " dataset)");
        }
        Map<String, Object> pipeline = pf.plain(p, List.of("pipeline"), env);
        for (String k : pipeline.keySet()) {
            if (!PIPELINE_KEYS.contains(k)) {
                throw pf.error(List.of("pipeline", k), "unknown key '" + k + "' in [pipeline]"
                        + DidYouMean.suggest(k, PIPELINE_KEYS) + "; allowed: " + String.join(", ", PIPELINE_KEYS));
            }
            if (!(pipeline.get(k) instanceof String)) {
                throw pf.error(List.of("pipeline", k), "[pipeline] " + k + " must be text");
            }
        }
        if (!pipeline.containsKey("name")) {
            throw pf.error(List.of("pipeline"), "[pipeline] needs a name");
        }
        Object s = toml.get(List.of("sources"));
        if (!(s instanceof TomlTable st) || st.isEmpty()) {
            throw new RunException(file + ": a pipeline file needs at least one [sources.<name>] table with a type");
        }
        Map<String, Map<String, Object>> sources = new LinkedHashMap<>();
        for (String name : st.keySet()) {
            if (!(st.get(List.of(name)) instanceof TomlTable t)) {
                throw pf.error(List.of("sources", name), "sources." + name + " must be a table [sources." + name + "]");
            }
            sources.put(name, pf.plain(t, List.of("sources", name), env));
        }
        return new PipelineFile(file, toml, pipeline, sources);
    }

    private Map<String, Object> plain(TomlTable t, List<String> at, Map<String, String> env) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : t.keySet()) {
            List<String> path = new ArrayList<>(at);
            path.add(k);
            out.put(k, plain(t.get(List.of(k)), path, env));
        }
        return out;
    }

    private Object plain(Object v, List<String> at, Map<String, String> env) {
        if (v instanceof TomlTable t) {
            return plain(t, at, env);
        }
        if (v instanceof TomlArray a) {
            List<Object> out = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) {
                List<String> path = new ArrayList<>(at);
                path.set(path.size() - 1, path.get(path.size() - 1) + "[" + i + "]");
                out.add(plain(a.get(i), path, env));
            }
            return out;
        }
        if (v instanceof String s) {
            return substitute(s, at, env);
        }
        if (v instanceof TemporalAccessor) {
            return v.toString();
        }
        return v;
    }

    /** {@code ${NAME}} replaced by the environment variable; {@code $${} is a literal {@code ${}. */
    private String substitute(String s, List<String> at, Map<String, String> env) {
        if (!s.contains("${")) {
            return s;
        }
        Matcher m = ENV.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            if (m.group(1) == null) {
                m.appendReplacement(sb, Matcher.quoteReplacement("${"));
                continue;
            }
            String name = m.group(1).trim();
            String value = env.get(name);
            if (value == null) {
                throw error(at, keyText(at) + " uses ${" + name + "}, which is not set in the environment"
                        + DidYouMean.suggest(name, env.keySet()) + "; set it, or leave the key out to read it from"
                        + " .dlt/secrets.toml");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The line of the key at {@code path} ({@code ["sources", "x", "resources[1]", "endpoint"]}), or of the nearest table above it. */
    Optional<Integer> line(List<String> path) {
        Object node = toml;
        TomlPosition best = null;
        for (String segment : path) {
            Matcher m = Pattern.compile("^([^\\[]*)((?:\\[\\d+\\])*)$").matcher(segment);
            if (!m.matches()) {
                break;
            }
            String key = m.group(1);
            if (!key.isEmpty()) {
                if (!(node instanceof TomlTable t) || !t.keySet().contains(key)) {
                    break;
                }
                TomlPosition p = t.inputPositionOf(List.of(key));
                best = p == null ? best : p;
                node = t.get(List.of(key));
            }
            Matcher idx = Pattern.compile("\\[(\\d+)\\]").matcher(m.group(2));
            boolean ok = true;
            while (idx.find()) {
                int i = Integer.parseInt(idx.group(1));
                if (!(node instanceof TomlArray a) || i >= a.size()) {
                    ok = false;
                    break;
                }
                TomlPosition p = a.inputPositionOf(i);
                best = p == null ? best : p;
                node = a.get(i);
            }
            if (!ok) {
                break;
            }
        }
        return Optional.ofNullable(best).map(TomlPosition::line);
    }

    /** A key path of a source's settings ({@code resources[1].endpoint.paginator.type}) as segments. */
    static List<String> segments(String source, String keyPath) {
        List<String> out = new ArrayList<>(List.of("sources", source));
        if (!keyPath.isBlank()) {
            for (String s : keyPath.split("\\.")) {
                out.add(s);
            }
        }
        return out;
    }

    RunException error(List<String> path, String message) {
        return new RunException(file + line(path).map(l -> ":" + l).orElse("") + ": " + message);
    }

    static String keyText(List<String> path) {
        if (path.size() >= 2 && path.get(0).equals("sources")) {
            return "[sources." + path.get(1) + "]" + (path.size() > 2 ? " " + String.join(".", path.subList(2,
                    path.size())) : "");
        }
        return "[" + path.get(0) + "]" + (path.size() > 1 ? " " + String.join(".", path.subList(1, path.size())) : "");
    }

    /** An error of the pipeline file: printed as one line, file and line first. */
    static final class RunException extends RuntimeException {
        RunException(String message) {
            super(message);
        }
    }

    /** The closest known name to a mistyped one. */
    static final class DidYouMean {
        private DidYouMean() {
        }

        static String suggest(String typed, Collection<String> known) {
            return ClosestName.rule().atLeast(1).hint(typed, known);
        }
    }
}
