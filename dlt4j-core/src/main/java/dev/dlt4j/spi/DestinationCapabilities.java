package dev.dlt4j.spi;

import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.MergeStrategy;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a destination supports: loader file formats (and which it prefers), identifier length
 * limits, the {@code merge} strategies and {@code replace} strategies it can carry out. The
 * pipeline checks every resource against them before it extracts, and a request for what is not
 * supported fails naming the table, the setting and what the destination supports.
 *
 * <p>Merge and replace strategies say "unsupported" until a destination declares them (the
 * four-argument constructor supports no merge strategy and only {@code truncate-and-insert}). As in
 * dlt, a destination without merge strategies loads {@code merge} tables as {@code append}, with a
 * warning; every other unsupported request is refused.
 */
public record DestinationCapabilities(LoaderFileFormat preferredFormat, Set<LoaderFileFormat> supportedFormats,
        int maxIdentifierLength, boolean supportsTransactionalDdl, Set<MergeStrategy> mergeStrategies,
        Set<ReplaceStrategy> replaceStrategies) {
    public DestinationCapabilities {
        supportedFormats = Set.copyOf(supportedFormats);
        mergeStrategies = Set.copyOf(mergeStrategies);
        replaceStrategies = Set.copyOf(replaceStrategies);
        if (!supportedFormats.contains(preferredFormat)) {
            throw new IllegalArgumentException("preferred format " + preferredFormat + " is not among the supported "
                    + supportedFormats);
        }
        if (replaceStrategies.isEmpty()) {
            throw new IllegalArgumentException("a destination supports at least one replace strategy");
        }
    }

    /** No merge strategy ({@code merge} loads as {@code append}); {@code replace} only by truncate-and-insert. */
    public DestinationCapabilities(LoaderFileFormat preferredFormat, Set<LoaderFileFormat> supportedFormats,
            int maxIdentifierLength, boolean supportsTransactionalDdl) {
        this(preferredFormat, supportedFormats, maxIdentifierLength, supportsTransactionalDdl, Set.of(),
                Set.of(ReplaceStrategy.TRUNCATE_AND_INSERT));
    }

    /** The same capabilities with these merge strategies (the client then implements staging and merge). */
    public DestinationCapabilities withMergeStrategies(MergeStrategy... strategies) {
        return new DestinationCapabilities(preferredFormat, supportedFormats, maxIdentifierLength,
                supportsTransactionalDdl, Set.of(strategies), replaceStrategies);
    }

    /** The same capabilities with these replace strategies ({@code insert-from-staging} needs staging and merge). */
    public DestinationCapabilities withReplaceStrategies(ReplaceStrategy... strategies) {
        return new DestinationCapabilities(preferredFormat, supportedFormats, maxIdentifierLength,
                supportsTransactionalDdl, mergeStrategies, Set.of(strategies));
    }

    /** The merge strategies as dlt names them, in declaration order, for messages: {@code delete-insert, upsert}. */
    public String mergeStrategyNames() {
        return names(mergeStrategies, MergeStrategy.values(), MergeStrategy::dltName);
    }

    /** The replace strategies as configured, in declaration order, for messages. */
    public String replaceStrategyNames() {
        return names(replaceStrategies, ReplaceStrategy.values(), ReplaceStrategy::configName);
    }

    private static <E> String names(Collection<E> have, E[] all, java.util.function.Function<E, String> name) {
        String s = Arrays.stream(all).filter(have::contains).map(name).collect(Collectors.joining(", "));
        return s.isEmpty() ? "none" : s;
    }
}
