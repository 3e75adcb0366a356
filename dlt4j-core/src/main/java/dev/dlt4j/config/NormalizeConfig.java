package dev.dlt4j.config;

/** Settings of the normalize stage ({@code [normalize]}). */
public record NormalizeConfig(int workers) {
    public static final NormalizeConfig DEFAULTS = new NormalizeConfig(1);

    public NormalizeConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("normalize workers must be at least 1, got " + workers);
        }
    }
}
