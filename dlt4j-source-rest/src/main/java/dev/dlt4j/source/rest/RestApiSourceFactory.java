package dev.dlt4j.source.rest;

import dev.dlt4j.Config;
import dev.dlt4j.Source;
import dev.dlt4j.spi.SourceFactory;
import java.util.List;
import java.util.Map;

/** The {@code rest_api} source type for {@code dlt4j run}; registered in {@code META-INF/services/dev.dlt4j.spi.SourceFactory}. */
public final class RestApiSourceFactory implements SourceFactory {
    static final String TYPE = "rest_api";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Source create(String name, Map<String, Object> settings, Config config) {
        return RestApiSource.fromSettings(name, settings, config);
    }

    @Override
    public List<String> plan(String name, Map<String, Object> settings, Config config) {
        return RestApiSource.plan(name, settings, config);
    }
}
