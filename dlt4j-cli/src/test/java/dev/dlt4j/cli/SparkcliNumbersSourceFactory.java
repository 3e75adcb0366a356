package dev.dlt4j.cli;

import dev.dlt4j.Config;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.SourceFactory;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * A user's source type that {@code dlt4j ingest} finds by its URI ({@code sparkcli-numbers:N}, rows
 * {@code id} 0..N-1) and that does not implement {@code SplittableSource}: what {@code --spark}
 * refuses, naming the types that split ({@code SparkcliIngestTest}).
 */
public final class SparkcliNumbersSourceFactory implements SourceFactory {
    @Override
    public String type() {
        return "sparkcli_numbers";
    }

    @Override
    public boolean accepts(String sourceUri) {
        return sourceUri.startsWith("sparkcli-numbers:");
    }

    @Override
    public Source create(String name, Map<String, Object> settings, Config config) {
        long n = Long.parseLong(String.valueOf(settings.getOrDefault("count", "3")));
        return Source.of(name, Resource.fromStream("numbers",
                () -> LongStream.range(0, n).mapToObj(i -> Map.<String, Object>of("id", i))));
    }
}
