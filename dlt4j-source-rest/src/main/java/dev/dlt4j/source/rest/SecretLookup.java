package dev.dlt4j.source.rest;

import dev.dlt4j.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a secret the settings leave out comes from: the pipeline's configuration (env vars,
 * {@code .dlt/secrets.toml}, {@code .dlt/config.toml}) by section path, as dlt resolves a source's
 * credentials. For {@code token} of {@code client.auth} of source {@code github}: {@code [sources.github.client.auth]},
 * then {@code [sources.github]}, then {@code [sources.rest_api]} (env {@code SOURCES__GITHUB__CLIENT__AUTH__TOKEN},
 * ...). Collects every secret value it hands out (and those written in the settings), so that
 * messages and logs can mask them. Thread-safe.
 */
final class SecretLookup {
    private final String sourceName;
    private final Optional<Config> config;
    private final Set<String> secrets = Collections.synchronizedSet(new LinkedHashSet<>());

    SecretLookup(String sourceName, Optional<Config> config) {
        this.sourceName = sourceName;
        this.config = config;
    }

    /** The sections searched for {@code key} at settings path {@code path} (dotted, e.g. {@code client.auth}). */
    List<List<String>> sections(String path) {
        List<String> own = new ArrayList<>(List.of("sources", sourceName));
        if (!path.isEmpty()) {
            for (String p : path.split("\\.")) {
                own.add(p.replaceAll("\\[\\d+\\]", ""));
            }
        }
        return List.of(own, List.of("sources", sourceName), List.of("sources", RestApiSourceFactory.TYPE));
    }

    /** The secret at {@code path.key}: given in the settings, else from the configuration; empty if neither has it. */
    Optional<String> find(Object given, String path, String key) {
        if (given != null) {
            String v = String.valueOf(given);
            remember(v);
            return Optional.of(v);
        }
        if (config.isEmpty()) {
            return Optional.empty();
        }
        for (List<String> sections : sections(path)) {
            Optional<String> v = config.get().value(sections, key);
            if (v.isPresent()) {
                remember(v.get());
                return v;
            }
        }
        return Optional.empty();
    }

    /** Like {@link #find} but required: the error names the key and every place searched. */
    String require(Object given, String path, String key, String what) {
        return find(given, path, key).orElseThrow(() -> Settings.error(Settings.join(path, key), what + " is missing:"
                + " set it here, or in .dlt/secrets.toml under " + sections(path).stream()
                        .map(s -> "[" + String.join(".", s) + "]").reduce((a, b) -> a + " or " + b).orElseThrow()
                + " as " + key + ", or in the environment as " + envName(sections(path).get(0), key)));
    }

    static String envName(List<String> sections, String key) {
        return (String.join("__", sections) + "__" + key).toUpperCase(java.util.Locale.ROOT);
    }

    void remember(String secret) {
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
        }
    }

    /** The secrets seen so far, for {@link dev.dlt4j.spi.Secrets#mask}. */
    List<String> secrets() {
        synchronized (secrets) {
            return List.copyOf(secrets);
        }
    }

    String mask(String text) {
        return dev.dlt4j.spi.Secrets.mask(text, secrets());
    }
}
