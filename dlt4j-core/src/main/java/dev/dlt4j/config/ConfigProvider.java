package dev.dlt4j.config;

import java.util.List;
import java.util.Optional;

/** A place config values are read from; queried in dlt's order by {@link ConfigResolver}. */
interface ConfigProvider {

    /** A value as written: {@code raw} is a String, Long, Double, Boolean, or the TOML node for tables and arrays. */
    record Found(List<String> sections, String key, Object raw, String display, ConfigOrigin origin) {
    }

    /** The value of {@code key} in the section path, as written. */
    Optional<Found> find(List<String> sections, String key);

    /** Every value this provider holds, for validation of the whole configuration up front. */
    List<Found> entries();
}
