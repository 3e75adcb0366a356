package dev.dlt4j.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One TOML file ({@code .dlt/secrets.toml} or {@code .dlt/config.toml}); a missing file is an empty provider. */
final class TomlProvider implements ConfigProvider {
    private static final TomlMapper MAPPER = new TomlMapper();
    private static final Pattern ASSIGNMENT = Pattern.compile("\\s*([A-Za-z0-9_\\-]+)\\s*=\\s*(.*?)\\s*");
    private static final Pattern TABLE = Pattern.compile("\\s*\\[+\\s*([^\\]]+?)\\s*\\]+\\s*(#.*)?");

    private final String name;
    private final Path file;
    private final ObjectNode root;

    private TomlProvider(String name, Path file, ObjectNode root) {
        this.name = name;
        this.file = file;
        this.root = root;
    }

    /** Reads the file; a file that is not valid TOML fails naming the file and line. */
    static TomlProvider read(String name, Path file) {
        if (!Files.isRegularFile(file)) {
            return new TomlProvider(name, file, MAPPER.createObjectNode());
        }
        try {
            JsonNode tree = MAPPER.readTree(file.toFile());
            return new TomlProvider(name, file, tree instanceof ObjectNode o ? o : MAPPER.createObjectNode());
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw parseError(name, file, line, e.getOriginalMessage());
        } catch (IOException e) {
            throw ConfigException.unreadable(file.toString(), e.toString());
        }
    }

    /**
     * A line like {@code disable_compression = maybe} is a TOML error before it is a config error;
     * when the line assigns a known key, the message is the key's own (value, section, what is allowed).
     */
    private static ConfigException parseError(String name, Path file, int line, String detail) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            lines = List.of();
        }
        if (line >= 1 && line <= lines.size()) {
            Matcher m = ASSIGNMENT.matcher(lines.get(line - 1));
            if (m.matches()) {
                List<String> sections = List.of();
                for (int i = line - 2; i >= 0; i--) {
                    Matcher t = TABLE.matcher(lines.get(i));
                    if (t.matches()) {
                        sections = Arrays.stream(t.group(1).split("\\.")).map(String::trim)
                                .map(s -> s.replace("\"", "")).toList();
                        break;
                    }
                }
                String last = ConfigResolver.declaredSection(sections);
                for (ConfigKey<?> key : ConfigKeys.all()) {
                    if (key.hasName(m.group(1)) && (key.section().equals(last) || ConfigResolver.isKnownSectionless(
                            sections, key))) {
                        return ConfigException.invalid(key, ConfigOrigin.toml(name, file + " line " + line,
                                sections, m.group(1)), m.group(2),
                                " The line is not valid TOML either: text values need quotes.");
                    }
                }
            }
            return ConfigException.unreadable(file.toString(), "line " + line + ": " + detail);
        }
        return ConfigException.unreadable(file.toString(), detail);
    }

    @Override
    public Optional<Found> find(List<String> sections, String key) {
        JsonNode node = root;
        for (String s : sections) {
            node = node.get(s);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
        }
        JsonNode v = node.get(key);
        if (v == null || v.isObject()) {
            return Optional.empty();
        }
        return Optional.of(found(sections, key, v));
    }

    @Override
    public List<Found> entries() {
        List<Found> out = new ArrayList<>();
        walk(root, new ArrayList<>(), out);
        return out;
    }

    private void walk(JsonNode node, List<String> path, List<Found> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                path.add(e.getKey());
                walk(e.getValue(), path, out);
                path.remove(path.size() - 1);
            } else {
                out.add(found(List.copyOf(path), e.getKey(), e.getValue()));
            }
        }
    }

    private Found found(List<String> sections, String key, JsonNode v) {
        Object raw;
        if (v.isTextual()) {
            raw = v.asText();
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            raw = v.longValue();
        } else if (v.isFloatingPointNumber()) {
            raw = v.doubleValue();
        } else if (v.isBoolean()) {
            raw = v.booleanValue();
        } else {
            raw = v;
        }
        return new Found(sections, key, raw, v.toString(), ConfigOrigin.toml(name, file.toString(), sections, key));
    }
}
