package dev.dlt4j;

import java.util.List;
import java.util.Optional;

/**
 * The configuration a pipeline reads, as user code sees it: environment variables first, then
 * {@code .dlt/secrets.toml}, then {@code .dlt/config.toml} of the project directory. A resource reads
 * its own settings here (an API token, a page size), by section path and key, e.g.
 * {@code value(List.of("sources", "github"), "api_token")} for {@code [sources.github] api_token}
 * or {@code SOURCES__GITHUB__API_TOKEN}. Immutable; safe to share between threads.
 */
public interface Config {

    /** The value at an exact section path, as written, from the first provider that has it; empty if none. */
    Optional<String> value(List<String> sections, String key);
}
